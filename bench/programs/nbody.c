/* nbody: gravitational N-body simulation (symplectic Euler, softened), energy reported before and after. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <math.h>

#ifndef BODIES
#define BODIES 160
#endif
#ifndef STEPS
#define STEPS 10000
#endif

typedef struct { double x, y, z, vx, vy, vz, m; } Body;

static uint64_t rng_state = 0x34E90C6CC0AC29B7ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rnd(void) { return (double)(rng() >> 11) * (1.0 / 9007199254740992.0) * 2.0 - 1.0; }

static double energy(const Body *b, int n) {
  double e = 0.0;
  for (int i = 0; i < n; i++) {
    e += 0.5 * b[i].m * (b[i].vx * b[i].vx + b[i].vy * b[i].vy + b[i].vz * b[i].vz);
    for (int j = i + 1; j < n; j++) {
      double dx = b[i].x - b[j].x, dy = b[i].y - b[j].y, dz = b[i].z - b[j].z;
      e -= b[i].m * b[j].m / sqrt(dx * dx + dy * dy + dz * dz + 0.01);
    }
  }
  return e;
}

static void advance(Body *b, int n, double dt) {
  for (int i = 0; i < n; i++) {
    double ax = 0.0, ay = 0.0, az = 0.0;
    const double xi = b[i].x, yi = b[i].y, zi = b[i].z;
    for (int j = 0; j < n; j++) {
      double dx = b[j].x - xi, dy = b[j].y - yi, dz = b[j].z - zi;
      double d2 = dx * dx + dy * dy + dz * dz + 0.01;
      double inv = 1.0 / (d2 * sqrt(d2));
      double s = b[j].m * inv;
      ax += dx * s; ay += dy * s; az += dz * s;
    }
    b[i].vx += ax * dt; b[i].vy += ay * dt; b[i].vz += az * dt;
  }
  for (int i = 0; i < n; i++) { b[i].x += b[i].vx * dt; b[i].y += b[i].vy * dt; b[i].z += b[i].vz * dt; }
}

int main(void) {
  Body *b = malloc(sizeof(Body) * BODIES);
  if (!b) return 1;
  /* a heavy central body and a disc of light bodies in roughly circular orbits */
  for (int i = 0; i < BODIES; i++) {
    double x = rnd() * 10.0, y = rnd() * 10.0, z = rnd() * 0.5;
    double r = sqrt(x * x + y * y) + 0.5;
    double v = sqrt(1000.0 / r);
    b[i].x = x; b[i].y = y; b[i].z = z;
    b[i].vx = -y / r * v; b[i].vy = x / r * v; b[i].vz = rnd() * 0.1;
    b[i].m = 0.01 + (rnd() + 1.0) * 0.5;
  }
  b[0].x = b[0].y = b[0].z = 0.0; b[0].vx = b[0].vy = b[0].vz = 0.0; b[0].m = 1000.0;
  double e0 = energy(b, BODIES);
  for (int s = 0; s < STEPS; s++) advance(b, BODIES, 0.0005);
  double e1 = energy(b, BODIES);
  double cx = 0.0, cy = 0.0, cz = 0.0;
  for (int i = 0; i < BODIES; i++) { cx += b[i].x * b[i].m; cy += b[i].y * b[i].m; cz += b[i].z * b[i].m; }
  printf("nbody bodies=%d steps=%d e0=%.12e e1=%.12e com=(%.9e,%.9e,%.9e)\n", BODIES, STEPS, e0, e1, cx, cy, cz);
  free(b);
  return 0;
}
