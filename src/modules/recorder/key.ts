/** Where an instance's recording is kept for the next page of its tab (sessionStorage), shared by the core's switch and the module. */
export const recordingKey = (token: unknown, instance: unknown): string => `__tkrec_${token}_${instance}`;
