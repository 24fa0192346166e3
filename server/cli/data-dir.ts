/** The data folder every command works on: --data, else ALUR_DATA, else ./data (the demo's own default aside). */
export function dataDir(flag: string | undefined, fallback = './data'): string {
  return flag ?? process.env.ALUR_DATA ?? fallback;
}
