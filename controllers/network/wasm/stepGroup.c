/*
 * The update phase of every kernel population of a network in one call per step (wasmBackend.ts
 * groups them when a network has two or more): for each, clear last step's spikes (clearSpikes,
 * model.ts) and run its model's step kernel on its own arrays — exactly what networkStep does per
 * population, so results are bit-identical, without a JS→wasm transition per population.
 * Populations are independent within the update phase, so stepping them here, before the sources,
 * changes nothing.
 *
 * table: n records of GROUP_RECORD ints: 0 kernel (below), 1 neurons, 2 flags, 3 list, 4 count
 * (last step's, replaced by this step's), 5 coefficients, 6 exc, 7 inh, 8 ext, 9 refSteps, 10… the
 * model's state arrays in its kernel's order (v, a, b, ref | v, ie, ii, ia, th, ref | v, u).
 */
#include "spikes.h"

#define GROUP_RECORD 16

int lif_step_f64(int, double *, double *, double *, int *, double *, double *, const double *, const double *, int, unsigned char *, int *, int);
int lif_step_f32(int, float *, float *, float *, int *, double *, double *, const double *, const double *, int, unsigned char *, int *, int);
int coba_lif_step_f64(int, double *, double *, double *, int *, double *, double *, const double *, const double *, int, unsigned char *, int *, int);
int coba_lif_step_f32(int, float *, float *, float *, int *, double *, double *, const double *, const double *, int, unsigned char *, int *, int);
int adaptive_lif_step_f64(int, double *, double *, double *, double *, double *, int *, double *, double *, const double *, const double *, int,
                          unsigned char *, int *, int);
int adaptive_lif_step_f32(int, float *, float *, float *, float *, float *, int *, double *, double *, const double *, const double *, int,
                          unsigned char *, int *, int);
int izhikevich_step_f64(int, double *, double *, double *, double *, const double *, const double *, unsigned char *, int *, int);
int izhikevich_step_f32(int, float *, float *, double *, double *, const double *, const double *, unsigned char *, int *, int);

#define P(T, x) ((T)(__SIZE_TYPE__)(x))

EXPORT(step_group)
void step_group(int *table, int n) {
  for (int p = 0; p < n; p++) {
    int *e = table + p * GROUP_RECORD;
    const int size = e[1];
    unsigned char *flags = P(unsigned char *, e[2]);
    int *list = P(int *, e[3]);
    for (int q = 0; q < e[4]; q++) flags[list[q]] = 0;
    double *exc = P(double *, e[6]), *inh = P(double *, e[7]);
    const double *ext = P(const double *, e[8]), *c = P(const double *, e[5]);
    const int rs = e[9];
    int count = 0;
    switch (e[0]) {
      case 0:
        count = lif_step_f64(size, P(double *, e[10]), P(double *, e[11]), P(double *, e[12]), P(int *, e[13]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 1:
        count = lif_step_f32(size, P(float *, e[10]), P(float *, e[11]), P(float *, e[12]), P(int *, e[13]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 2:
        count = coba_lif_step_f64(size, P(double *, e[10]), P(double *, e[11]), P(double *, e[12]), P(int *, e[13]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 3:
        count = coba_lif_step_f32(size, P(float *, e[10]), P(float *, e[11]), P(float *, e[12]), P(int *, e[13]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 4:
        count = adaptive_lif_step_f64(size, P(double *, e[10]), P(double *, e[11]), P(double *, e[12]), P(double *, e[13]), P(double *, e[14]),
                                      P(int *, e[15]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 5:
        count = adaptive_lif_step_f32(size, P(float *, e[10]), P(float *, e[11]), P(float *, e[12]), P(float *, e[13]), P(float *, e[14]),
                                      P(int *, e[15]), exc, inh, ext, c, rs, flags, list, 0);
        break;
      case 6:
        count = izhikevich_step_f64(size, P(double *, e[10]), P(double *, e[11]), exc, inh, ext, c, flags, list, 0);
        break;
      default:
        count = izhikevich_step_f32(size, P(float *, e[10]), P(float *, e[11]), exc, inh, ext, c, flags, list, 0);
    }
    e[4] = count;
  }
}
