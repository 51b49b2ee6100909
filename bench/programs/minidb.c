/* minidb: an in-memory table of records with sorted indexes, range queries, group-by aggregates and a merge join. */
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#ifndef ROWS
#define ROWS 400000
#endif
#ifndef ORDERS
#define ORDERS 800000
#endif
#ifndef QUERIES
#define QUERIES 400000
#endif

typedef struct { uint32_t id; uint32_t age; uint32_t city; int32_t balance; char name[12]; } Person;
typedef struct { uint32_t person; uint32_t amount; uint32_t day; } Order;

static uint64_t rng_state = 0x7A3D9E1C55AA33F1ull;
static uint64_t rng(void) {
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static const Person *people;
/* index order: by (age, name, id) */
static int cmp_age_name(uint32_t a, uint32_t b) {
  const Person *x = &people[a], *y = &people[b];
  if (x->age != y->age) return x->age < y->age ? -1 : 1;
  int c = memcmp(x->name, y->name, sizeof x->name);
  if (c) return c;
  return x->id < y->id ? -1 : x->id > y->id;
}
static int cmp_balance(uint32_t a, uint32_t b) {
  const Person *x = &people[a], *y = &people[b];
  if (x->balance != y->balance) return x->balance < y->balance ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

static void sort_index(uint32_t *idx, uint32_t *tmp, uint32_t n, int (*cmp)(uint32_t, uint32_t)) {
  for (uint32_t w = 1; w < n; w *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * w) {
      uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = cmp(idx[j], idx[i]) < 0 ? idx[j++] : idx[i++];
      while (i < mid) tmp[k++] = idx[i++];
      while (j < hi) tmp[k++] = idx[j++];
    }
    memcpy(idx, tmp, sizeof(uint32_t) * n);
  }
}

static int cmp_order(const Order *a, const Order *b) {
  if (a->person != b->person) return a->person < b->person ? -1 : 1;
  return a->day < b->day ? -1 : a->day > b->day;
}
static void sort_orders(Order *o, Order *tmp, uint32_t n) {
  for (uint32_t w = 1; w < n; w *= 2) {
    for (uint32_t lo = 0; lo < n; lo += 2 * w) {
      uint32_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n, i = lo, j = mid, k = lo;
      while (i < mid && j < hi) tmp[k++] = cmp_order(&o[j], &o[i]) < 0 ? o[j++] : o[i++];
      while (i < mid) tmp[k++] = o[i++];
      while (j < hi) tmp[k++] = o[j++];
    }
    memcpy(o, tmp, sizeof(Order) * n);
  }
}

/* first position in the balance index whose balance >= key */
static uint32_t lower_balance(const uint32_t *idx, uint32_t n, int32_t key) {
  uint32_t lo = 0, hi = n;
  while (lo < hi) { uint32_t m = lo + (hi - lo) / 2; if (people[idx[m]].balance < key) lo = m + 1; else hi = m; }
  return lo;
}

int main(void) {
  Person *p = malloc(sizeof(Person) * ROWS);
  Order *orders = malloc(sizeof(Order) * ORDERS), *otmp = malloc(sizeof(Order) * ORDERS);
  uint32_t *by_age = malloc(sizeof(uint32_t) * ROWS), *by_bal = malloc(sizeof(uint32_t) * ROWS);
  uint32_t *tmp = malloc(sizeof(uint32_t) * ROWS);
  if (!p || !orders || !otmp || !by_age || !by_bal || !tmp) return 1;
  for (uint32_t i = 0; i < ROWS; i++) {
    uint64_t r = rng();
    p[i].id = i; p[i].age = 18 + (uint32_t)(r % 70); p[i].city = (uint32_t)((r >> 8) % 200);
    p[i].balance = (int32_t)((r >> 16) % 2000001) - 1000000;
    for (int k = 0; k < 11; k++) p[i].name[k] = (char)('a' + (rng() % 26));
    p[i].name[11] = 0;
    by_age[i] = by_bal[i] = i;
  }
  people = p;
  for (uint32_t i = 0; i < ORDERS; i++) {
    uint64_t r = rng();
    orders[i].person = (uint32_t)(r % ROWS); orders[i].amount = (uint32_t)((r >> 24) % 10000); orders[i].day = (uint32_t)((r >> 40) % 3650);
  }
  sort_index(by_age, tmp, ROWS, cmp_age_name);
  sort_index(by_bal, tmp, ROWS, cmp_balance);
  sort_orders(orders, otmp, ORDERS);
  /* range queries on balance: count and sum of ages */
  uint64_t qcount = 0, qages = 0;
  for (uint32_t q = 0; q < QUERIES; q++) {
    uint64_t r = rng();
    int32_t lo = (int32_t)(r % 2000001) - 1000000, hi = lo + (int32_t)((r >> 32) % 500);
    for (uint32_t k = lower_balance(by_bal, ROWS, lo); k < ROWS && p[by_bal[k]].balance <= hi; k++) {
      qcount++; qages += p[by_bal[k]].age;
    }
  }
  /* group by city: count, total balance; group by age: first name in index order */
  int64_t city_bal[200] = {0}; uint32_t city_n[200] = {0};
  for (uint32_t i = 0; i < ROWS; i++) { city_bal[p[i].city] += p[i].balance; city_n[p[i].city]++; }
  uint64_t gcheck = 0;
  for (int c = 0; c < 200; c++) gcheck = gcheck * 31 + (uint64_t)city_bal[c] + city_n[c];
  uint32_t first_of_age = 0;
  for (uint32_t k = 0; k < ROWS; k++) if (k == 0 || p[by_age[k]].age != p[by_age[k - 1]].age) first_of_age ^= by_age[k];
  /* merge join people (by id order) with orders sorted by person: total spent per age bracket */
  uint64_t spent[10] = {0}; uint32_t j = 0, active = 0;
  for (uint32_t i = 0; i < ROWS; i++) {
    uint64_t s = 0;
    while (j < ORDERS && orders[j].person == i) { s += orders[j].amount; j++; }
    if (s) { active++; spent[(p[i].age - 18) / 7] += s; }
  }
  uint64_t scheck = 0;
  for (int b = 0; b < 10; b++) scheck = scheck * 1000003u + spent[b];
  printf("minidb rows=%d orders=%d queries=%d hits=%llu ages=%llu group=%016llx firsts=%u active=%u spent=%016llx\n",
         ROWS, ORDERS, QUERIES, (unsigned long long)qcount, (unsigned long long)qages, (unsigned long long)gcheck,
         first_of_age, active, (unsigned long long)scheck);
  free(p); free(orders); free(otmp); free(by_age); free(by_bal); free(tmp);
  return 0;
}
