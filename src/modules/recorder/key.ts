/**
 * Where an instance's recording is kept for the next page of its tab (sessionStorage), shared by
 * the core's switch and the module. With no instance (''), in localStorage: the marker set while
 * batches a page left wait for a later page (kept.ts), all the core reads of them.
 */
export const recordingKey = (token: unknown, instance: unknown): string => `__tkrec_${token}_${instance}`;
