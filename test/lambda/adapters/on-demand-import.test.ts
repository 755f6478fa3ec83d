// onDemand: the lazy import behind the runtime-provided SDK clients (S3, Bedrock).
import { describe, expect, it, vi } from 'vitest';
import { onDemand } from '../../../lambda/adapters/on-demand-import.ts';

class Client {}

describe('onDemand', () => {
  it('imports once, on the first call', async () => {
    const load = vi.fn(async () => ({ Client }));
    const get = onDemand(load, 'Client');
    expect(load).not.toHaveBeenCalled();
    const [first, second] = await Promise.all([get(), get()]);
    expect(first.Client).toBe(Client);
    expect(second).toBe(first);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("takes a CommonJS package's exports from default when they are not named", async () => {
    const get = onDemand(
      async () => ({ default: { Client } }) as unknown as { Client: typeof Client },
      'Client',
    );
    expect((await get()).Client).toBe(Client);
  });

  it('tries the import again after a failure, and says which export is missing', async () => {
    const load = vi
      .fn<() => Promise<{ Client?: typeof Client }>>()
      .mockRejectedValueOnce(new Error('ERR_MODULE_NOT_FOUND'))
      .mockResolvedValueOnce({})
      .mockResolvedValueOnce({ Client });
    const get = onDemand(load, 'Client');
    await expect(get()).rejects.toThrow('ERR_MODULE_NOT_FOUND');
    await expect(get()).rejects.toThrow(/Client is missing/);
    expect((await get()).Client).toBe(Client);
  });
});
