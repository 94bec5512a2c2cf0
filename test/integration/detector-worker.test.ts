// The finding scanner's detector thread (server/findings/detector-worker.ts): it finds what the
// detectors find in-process, and what it adds to the server's memory is small. It used to load the
// detectors through tsx's loader on the thread, which added ~60-70 MB of RSS to the process (a
// module-hooks thread, every module transformed and held apart) and took the API server past its
// 400 MB budget under scenario 1 (bench/README.md, "Server RSS").
import { describe, expect, it } from "vitest";
import { detect } from "@/lib/detectors/detect";
import { plantedSamples } from "@/lib/detectors/samples";
import { detectInWorker } from "@/server/findings/detector-worker";

const rssMB = () => process.memoryUsage().rss / 1024 / 1024;

describe("detector worker", () => {
  it("finds in every sample what the detectors find in-process, and adds under 30 MB of RSS", async () => {
    const samples = plantedSamples("worker");
    const before = rssMB();
    const inWorker = await detectInWorker(samples.map((s) => s.text));
    // Whatever the thread allocated while starting is resident by now.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const added = rssMB() - before;
    for (const [i, sample] of samples.entries()) {
      expect(inWorker[i], sample.rule).toEqual(await detect(sample.text));
      expect(
        inWorker[i].map((d) => sample.text.slice(d.start, d.end)),
        sample.rule,
      ).toContain(sample.secret);
    }
    expect(added).toBeLessThan(30);
  });
});
