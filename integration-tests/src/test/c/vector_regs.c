/*
 * Puts known values in AVX registers (ymm0 = bytes 0..31) and, where the CPU has AVX-512, in zmm16 (bytes
 * 0..63) and k1 (0x5555), then calls loaded(), where a debugger can look at them, and prints a value computed
 * from ymm0 after it, so a change made in a diversion would show if it leaked into the replay.
 */
#include "jrr_test.h"

static unsigned char bytes[64] __attribute__((aligned(64)));
static int avx512;

/* Where the registers hold the values: nothing in between touches them. */
static void __attribute__((noinline)) loaded(void) {
  __asm__ volatile("" ::: "memory");
}

int main(void) {
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx")) {
    printf("no AVX\nEXIT-SUCCESS\n");
    return 0;
  }
  avx512 = __builtin_cpu_supports("avx512f") != 0;
  for (int i = 0; i < 64; i++) {
    bytes[i] = (unsigned char)i;
  }
  __asm__ volatile("vmovdqu %0, %%ymm0" : : "m"(*(const unsigned char(*)[32])bytes) : "xmm0");
  if (avx512) {
    /* no clobbers for zmm16 and k1: gcc does not know them without -mavx512f, and does not use them either */
    __asm__ volatile("vmovdqu64 %0, %%zmm16\n\tmovl $0x5555, %%eax\n\tkmovw %%eax, %%k1"
                     : : "m"(*(const unsigned char(*)[64])bytes) : "eax");
  }
  loaded();
  unsigned char out[32];
  __asm__ volatile("vmovdqu %%ymm0, %0" : "=m"(*(unsigned char(*)[32])out));
  __asm__ volatile("vzeroupper");
  printf("ymm0 last byte %d avx512 %d\n", out[31], avx512);
  printf("EXIT-SUCCESS\n");
  return 0;
}
