/** A run id unique to this test process, so that parallel test files never share broker names. */
export function testRunId(tag: string): string {
  return `t-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`.toLowerCase().slice(0, 40);
}
