// Tab pages cannot take a query string (switchTab drops it), so a tile that opens the 任务 tab on one
// of its segments leaves the wish here and the page takes it when it shows.
export type TasksSegment = 'hall' | 'mine'

let tasksSegment: TasksSegment | null = null

export function openTasksOn(segment: TasksSegment) {
  tasksSegment = segment
}

/** The wished segment, once. */
export function takeTasksSegment(): TasksSegment | null {
  const s = tasksSegment
  tasksSegment = null
  return s
}
