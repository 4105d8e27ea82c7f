import { describe, expect, it } from "vitest";
import { MAX_BACKOFF_SECONDS, nextPollDelaySeconds } from "./backoff";

describe("nextPollDelaySeconds", () => {
  it("is the interval while the feed works, doubles per failure, and is capped", () => {
    expect(nextPollDelaySeconds(300, 0)).toBe(300);
    expect(nextPollDelaySeconds(300, 1)).toBe(600);
    expect(nextPollDelaySeconds(300, 3)).toBe(2400);
    expect(nextPollDelaySeconds(300, 10)).toBe(MAX_BACKOFF_SECONDS);
    expect(nextPollDelaySeconds(300, 1000)).toBe(MAX_BACKOFF_SECONDS);
    // A feed polled daily is not polled less often than daily because of the cap.
    expect(nextPollDelaySeconds(86_400, 2)).toBe(86_400);
  });
});
