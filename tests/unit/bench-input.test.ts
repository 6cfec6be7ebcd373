/** The benchmarks' --file: any extract, decided for the county with the most Prop 64 convictions. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateExtract } from '../../src/doj/generate';
import { fileInput, medianAndSpread } from '../../scripts/bench-extract';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clearance-bench-input-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('fileInput', () => {
  it.each([true, false])('finds the rows and the busiest county (header: %s)', async (header) => {
    const file = path.join(dir, `fresno-${header}.csv`);
    await writeFile(file, generateExtract({ county: 'FRESNO', rows: 3000, seed: 4, header }));
    expect(await fileInput(file)).toEqual({ file, rows: 3000, county: 'FRESNO', shape: 'file' });
  });

  it('counts Prop 64 convictions, not rows: a county with more rows but none loses', async () => {
    // The home county's records, then another county's that has only other charges.
    const home = generateExtract({ county: 'KERN', rows: 400, seed: 6 });
    const other = generateExtract({ county: 'INYO', rows: 5000, seed: 6, shape: 'mixed' })
      .split('\n')
      .slice(1)
      .filter((line) => !/11357|11358|11359|11360/.test(line))
      .join('\n');
    const file = path.join(dir, 'two.csv');
    await writeFile(file, home + other);
    const found = await fileInput(file);
    expect(found.county).toBe('KERN');
    expect(found.rows).toBe(400 + other.trimEnd().split('\n').length);
  });

  it('says so when the file has no Prop 64 conviction', async () => {
    const file = path.join(dir, 'none.csv');
    const lines = generateExtract({ county: 'INYO', rows: 2000, seed: 2, shape: 'mixed' })
      .split('\n')
      .filter((line) => !/11357|11358|11359|11360/.test(line));
    await writeFile(file, lines.join('\n'));
    await expect(fileInput(file)).rejects.toThrow(/no Prop 64 conviction/);
  });
});

describe('medianAndSpread', () => {
  it('gives the middle run and the lowest and highest', () => {
    expect(medianAndSpread([12.5, 9.1, 10.2])).toEqual({ median: 10.2, min: 9.1, max: 12.5 });
  });
});
