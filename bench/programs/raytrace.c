/* raytrace: Whitted-style ray tracer (spheres + plane, shadows, reflections, supersampling) into a hashed image. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#ifndef W
#define W 1024
#endif
#ifndef H
#define H 768
#endif
#ifndef SS
#define SS 2
#endif
#define MAXDEPTH 4
#define NSPH 40

typedef struct { double x, y, z; } V3;
static V3 v3(double x, double y, double z) { V3 r = {x, y, z}; return r; }
static V3 add(V3 a, V3 b) { return v3(a.x + b.x, a.y + b.y, a.z + b.z); }
static V3 sub(V3 a, V3 b) { return v3(a.x - b.x, a.y - b.y, a.z - b.z); }
static V3 mul(V3 a, double s) { return v3(a.x * s, a.y * s, a.z * s); }
static V3 vmul(V3 a, V3 b) { return v3(a.x * b.x, a.y * b.y, a.z * b.z); }
static double dot(V3 a, V3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
static V3 norm(V3 a) { return mul(a, 1.0 / sqrt(dot(a, a))); }

typedef struct { V3 c; double r; V3 color; double refl; } Sphere;
static Sphere sph[NSPH];
static const V3 light_dir_raw = {-0.5, 1.0, -0.7};
static V3 light;

static uint64_t rng_state = 0x636920D871574E69ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rnd(void) { return (double)(rng() >> 11) * (1.0 / 9007199254740992.0); }

/* nearest hit: returns distance or -1; *id is sphere index or NSPH for the ground plane y=0 */
static double intersect(V3 o, V3 d, int *id) {
  double best = 1e30;
  *id = -1;
  for (int i = 0; i < NSPH; i++) {
    V3 oc = sub(o, sph[i].c);
    double b = dot(oc, d), c = dot(oc, oc) - sph[i].r * sph[i].r;
    double disc = b * b - c;
    if (disc < 0.0) continue;
    double s = sqrt(disc), t = -b - s;
    if (t < 1e-6) t = -b + s;
    if (t > 1e-6 && t < best) { best = t; *id = i; }
  }
  if (d.y < -1e-9) {
    double t = -o.y / d.y;
    if (t > 1e-6 && t < best) { best = t; *id = NSPH; }
  }
  return *id < 0 ? -1.0 : best;
}

static V3 trace(V3 o, V3 d, int depth) {
  int id;
  double t = intersect(o, d, &id);
  if (t < 0.0) { double k = 0.5 + 0.5 * d.y; return v3(0.5 + 0.3 * k, 0.7 + 0.2 * k, 1.0); }
  V3 p = add(o, mul(d, t)), n, color;
  double refl;
  if (id == NSPH) {
    n = v3(0.0, 1.0, 0.0);
    int check = ((int)floor(p.x) + (int)floor(p.z)) & 1;
    color = check ? v3(0.9, 0.9, 0.9) : v3(0.2, 0.2, 0.25);
    refl = 0.15;
  } else {
    n = norm(sub(p, sph[id].c));
    color = sph[id].color;
    refl = sph[id].refl;
  }
  double diff = dot(n, light);
  if (diff < 0.0) diff = 0.0;
  int sid;
  V3 po = add(p, mul(n, 1e-4));
  if (diff > 0.0 && intersect(po, light, &sid) > 0.0) diff *= 0.2; /* in shadow */
  V3 rdir = sub(d, mul(n, 2.0 * dot(d, n)));
  double spec = dot(rdir, light);
  if (spec < 0.0) spec = 0.0;
  spec = spec * spec; spec = spec * spec; spec = spec * spec; spec = spec * spec; /* ^16 */
  V3 c = add(mul(color, 0.1 + 0.9 * diff), v3(spec * 0.5, spec * 0.5, spec * 0.5));
  if (depth < MAXDEPTH && refl > 0.0) c = add(mul(c, 1.0 - refl), mul(vmul(trace(po, rdir, depth + 1), color), refl));
  return c;
}

int main(void) {
  light = norm(light_dir_raw);
  for (int i = 0; i < NSPH; i++) {
    double r = 0.3 + rnd() * 0.9;
    sph[i].c = v3((rnd() - 0.5) * 16.0, r, 4.0 + rnd() * 16.0);
    sph[i].r = r;
    sph[i].color = v3(0.2 + 0.8 * rnd(), 0.2 + 0.8 * rnd(), 0.2 + 0.8 * rnd());
    sph[i].refl = rnd() < 0.4 ? 0.6 : 0.05;
  }
  V3 eye = v3(0.0, 2.5, -4.0);
  uint32_t hash = 2166136261u;
  uint64_t total = 0;
  for (int y = 0; y < H; y++)
    for (int x = 0; x < W; x++) {
      V3 acc = v3(0, 0, 0);
      for (int sy = 0; sy < SS; sy++)
        for (int sx = 0; sx < SS; sx++) {
          double u = ((x + (sx + 0.5) / SS) / W - 0.5) * 2.0 * W / H;
          double v = -((y + (sy + 0.5) / SS) / H - 0.5) * 2.0;
          V3 d = norm(v3(u, v - 0.25, 1.6));
          acc = add(acc, trace(eye, d, 0));
        }
      acc = mul(acc, 1.0 / (SS * SS));
      double ch[3] = {acc.x, acc.y, acc.z};
      for (int k = 0; k < 3; k++) {
        double cl = ch[k] < 0.0 ? 0.0 : ch[k] > 1.0 ? 1.0 : ch[k];
        uint8_t byte = (uint8_t)(cl * 255.0 + 0.5);
        hash = (hash ^ byte) * 16777619u;
        total += byte;
      }
    }
  printf("raytrace %dx%d ss=%d spheres=%d total=%llu hash=%08x\n", W, H, SS, NSPH, (unsigned long long)total, hash);
  return 0;
}
