// CSS imports are for the bundler; jsdom tests look at class names, not styles.
export default {}
