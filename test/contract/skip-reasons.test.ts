// A back end that cannot be reached is reported as skipped with the reason; the reason
// must say what was missing, so that "no Docker here" is never confused with "Docker is
// here but could not pull the image" or "the server refused connections".
import { whyNoContainer } from './backends.js';

describe('skip reasons for back ends without a server', () => {
  const image = 'eventstore/eventstore:24.10';

  it('given no container runtime, when the container cannot start, then the reason says so', () => {
    // when
    const reason = whyNoContainer(
      image,
      new Error('Could not find a working container runtime strategy'),
    );
    // then
    expect(reason).toBe(
      'no container runtime (Could not find a working container runtime strategy)',
    );
  });

  it('given a runtime that cannot pull the image, when the container cannot start, then the reason names the pull and the image', () => {
    // when
    const reason = whyNoContainer(
      image,
      new Error('(HTTP code 404) unexpected - pull access denied for eventstore/eventstore\nmore'),
    );
    // then
    expect(reason).toBe(
      `the container runtime could not pull ${image} ((HTTP code 404) unexpected - pull access denied for eventstore/eventstore)`,
    );
  });

  it('given a container that refuses connections, when waiting for it, then the reason says it refused', () => {
    // when
    const reason = whyNoContainer(image, new Error('connect ECONNREFUSED 127.0.0.1:32768'));
    // then
    expect(reason).toBe(
      `the ${image} container refused connections (connect ECONNREFUSED 127.0.0.1:32768)`,
    );
  });

  it('given any other failure, when the container cannot start, then the reason says it did not start', () => {
    // when
    const reason = whyNoContainer(image, 'Container startup timed out');
    // then
    expect(reason).toBe(`the ${image} container did not start (Container startup timed out)`);
  });
});
