import type { z } from 'zod';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  /**
   * A successful call changes the list of ledgers (one created, renamed or opened), so hosts that show
   * that list (the desktop 文件 menu's recent ledgers) rebuild it.
   */
  changesLedgers?: true;
}

/** Declares one API method; keeps the exact zod types for inference. */
export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}

type MethodMap = Record<string, MethodSpec>;
type Intersect<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** Joins the per-concern method maps into the contract; a name declared twice is a mistake, refused at load. */
export function joinMethodMaps<const Maps extends readonly MethodMap[]>(...maps: Maps): Intersect<Maps[number]> {
  const joined: MethodMap = {};
  for (const map of maps) {
    for (const [name, spec] of Object.entries(map)) {
      if (Object.prototype.hasOwnProperty.call(joined, name)) throw new Error(`API method "${name}" is declared twice`);
      joined[name] = spec;
    }
  }
  return joined as Intersect<Maps[number]>;
}
