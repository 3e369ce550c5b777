/*
 * CPUID: leaves 0, 1, 7 (subleaf 0), 0x80000000 and the brand string, plus
 * __builtin_cpu_supports() for a few features. Leaf 1 EBX[31:24] holds the
 * initial APIC id of the CPU the instruction ran on, which can vary.
 */
#include <cpuid.h>

#include "jrr_test.h"

static void leaf(unsigned l, unsigned sub, unsigned r[4]) {
  __cpuid_count(l, sub, r[0], r[1], r[2], r[3]);
  printf("cpuid %#x.%u eax %08x ebx %08x ecx %08x edx %08x\n", l, sub, r[0], r[1], r[2],
         r[3]);
}

int main(void) {
  unsigned r[4];

  leaf(0, 0, r);
  unsigned max_leaf = r[0];
  char vendor[13];
  memcpy(vendor, &r[1], 4);
  memcpy(vendor + 4, &r[3], 4);
  memcpy(vendor + 8, &r[2], 4);
  vendor[12] = 0;
  printf("vendor %s max_leaf %#x\n", vendor, max_leaf);
  test_assert(max_leaf >= 1);

  leaf(1, 0, r);
  printf("family %u model %u stepping %u apic_id %u\n",
         ((r[0] >> 8) & 0xf) + ((r[0] >> 20) & 0xff),
         ((r[0] >> 4) & 0xf) | (((r[0] >> 16) & 0xf) << 4), r[0] & 0xf, r[1] >> 24);

  if (max_leaf >= 7) {
    leaf(7, 0, r);
  }
  if (max_leaf >= 0xb) {
    /* Extended topology: EDX is the x2APIC id of the current CPU. */
    leaf(0xb, 0, r);
    printf("x2apic_id %u\n", r[3]);
  }

  leaf(0x80000000u, 0, r);
  unsigned max_ext = r[0];
  printf("max_ext_leaf %#x\n", max_ext);
  if (max_ext >= 0x80000004u) {
    unsigned brand[12];
    for (unsigned i = 0; i < 3; i++) {
      leaf(0x80000002u + i, 0, &brand[i * 4]);
    }
    char s[49];
    memcpy(s, brand, 48);
    s[48] = 0;
    printf("brand %s\n", s);
  }

  __builtin_cpu_init();
  printf("supports sse2 %d\n", __builtin_cpu_supports("sse2") != 0);
  printf("supports sse4.2 %d\n", __builtin_cpu_supports("sse4.2") != 0);
  printf("supports avx %d\n", __builtin_cpu_supports("avx") != 0);
  printf("supports avx2 %d\n", __builtin_cpu_supports("avx2") != 0);
  printf("supports bmi2 %d\n", __builtin_cpu_supports("bmi2") != 0);
  printf("supports avx512f %d\n", __builtin_cpu_supports("avx512f") != 0);
  test_assert(__builtin_cpu_supports("sse2"));

  return exit_success();
}
