/**
 * Where pictures are served, for the browser bundles as well: no zod here (zod's start-up probe
 * for `Function` is a Content-Security-Policy violation in our pages), unlike shared/media.ts.
 */
export const MEDIA_PATH = "/media";

/** `/media/<id>`: answers with a redirect to the picture's largest file. */
export const mediaPathOf = (id: string) => `${MEDIA_PATH}/${id}`;
