/*
 * Independent Bernoulli spikes from the network's random stream (bernoulliSpikes.ts): neuron i
 * spikes when u_i < p[i], u_i the next uniform of the source's xoshiro128** generator (loop/rng.ts:
 * the same 32-bit words, u = word · 2⁻³², one draw per neuron whatever p[i]), in neuron order —
 * so the stream, the comparisons and the spikes are the ones the JS engine draws, bit for bit.
 * s: the generator's four state words (read, advanced n times, written back).
 * Returns the new spike count.
 */
#include "spikes.h"

static inline unsigned rotl(unsigned x, int k) { return (x << k) | (x >> (32 - k)); }

EXPORT(bernoulli_spikes)
int bernoulli_spikes(unsigned *s, const double *p, int n, unsigned char *flags, int *list, int count) {
  unsigned s0 = s[0], s1 = s[1], s2 = s[2], s3 = s[3];
  for (int i = 0; i < n; i++) {
    const unsigned r = rotl(s1 * 5u, 7) * 9u;
    const unsigned t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    if ((double)r * 0x1p-32 < p[i]) count = emit(flags, list, count, i);
  }
  s[0] = s0;
  s[1] = s1;
  s[2] = s2;
  s[3] = s3;
  return count;
}
