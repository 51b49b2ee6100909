/* Floating point and printf of doubles: arithmetic, libm, conversions, formatting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  volatile double x = argc > 5 ? atof(argv[1]) : 1.5;
  double acc = 0;
  for (int i = 1; i <= 1000; i++) acc += 1.0 / ((double)i * i);
  printf("sum 1/i^2 = %.15f (pi^2/6 = %.15f)\n", acc, M_PI * M_PI / 6);
  printf("%g %e %f %a\n", x * 1e-7, x * 12345.678, x / 3, x);
  printf("sqrt %.17g exp %.17g log %.17g sin %.17g\n", sqrt(x), exp(x), log(x), sin(x));
  printf("pow %.17g atan2 %.17g fmod %.17g\n", pow(x, 2.5), atan2(x, -2.0), fmod(100.0, x));
  float f = (float)x * 3.3f;
  printf("float %.9g int %d long %ld round %.1f floor %.1f\n", f, (int)(x * 1000.7), (long)(x * -1e12), round(x * 3), floor(-x));
  printf("strtod %.17g %.17g\n", strtod("2.718281828459045", NULL), strtod("1e-300", NULL) * 1e300);
  printf("inf %f nan %f neg0 %g\n", x / 0.0, sqrt(-x), -0.0 * x);
  return 0;
}
