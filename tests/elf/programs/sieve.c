/* A prime sieve: the count and the last primes below 2,000,000, and a checksum. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
  const int n = 2000000;
  char *composite = calloc(n + 1, 1);
  long count = 0, sum = 0;
  for (long i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    sum = (sum * 31 + i) % 1000000007;
    for (long j = i * i; j <= n; j += i) composite[j] = 1;
  }
  printf("primes below %d: %ld, checksum %ld\n", n, count, sum);
  for (long i = n; i > n - 100; i--)
    if (!composite[i]) printf("%ld\n", i);
  free(composite);
  return 0;
}
