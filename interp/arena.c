/* arena.c: the bump allocator behind the syntax tree (API in ast.h).
 *
 * The parser allocates every node, list and decoded literal here and the
 * whole tree is dropped at once after compiling, so nodes are never freed
 * one by one. Memory comes in chunks that double in size (capped), plus
 * dedicated chunks for single requests larger than a chunk. Every block is
 * zeroed and 16-byte aligned. Allocation failure aborts: the tree is
 * short-lived and bounded by the source size, so there is no sensible
 * recovery path below the parser.
 */
#include "ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Chunk {
    struct Chunk *next;
    size_t size; /* usable bytes after the header */
    size_t used;
    /* data follows, 16-byte aligned (header padded below) */
} Chunk;

#define CHUNK_HDR ((sizeof(Chunk) + 15) & ~(size_t)15)
#define FIRST_CHUNK 8192
#define MAX_CHUNK (1u << 20)

struct Arena {
    Chunk *head;       /* chunk currently bumped */
    Chunk *big;        /* oversized single allocations */
    size_t next_size;
};

static void *xcalloc(size_t n) {
    void *p = calloc(1, n);
    if (!p) {
        fputs("coil: out of memory while parsing\n", stderr);
        abort();
    }
    return p;
}

/* Creates an empty arena; the first chunk is made on first use. */
Arena *arena_new(void) {
    Arena *a = xcalloc(sizeof(Arena));
    a->next_size = FIRST_CHUNK;
    return a;
}

/* Returns `size` zeroed bytes, 16-byte aligned, valid until arena_free. */
void *arena_alloc(Arena *a, size_t size) {
    size = (size + 15) & ~(size_t)15;
    if (size == 0) size = 16;
    Chunk *c = a->head;
    if (c && c->size - c->used >= size) {
        void *p = (char *)c + CHUNK_HDR + c->used;
        c->used += size;
        return p; /* chunks are calloc'ed and never reused: already zero */
    }
    if (size > MAX_CHUNK / 4) {
        Chunk *b = xcalloc(CHUNK_HDR + size);
        b->size = b->used = size;
        b->next = a->big;
        a->big = b;
        return (char *)b + CHUNK_HDR;
    }
    size_t csize = a->next_size;
    while (csize < size) csize *= 2;
    if (a->next_size < MAX_CHUNK) a->next_size *= 2;
    c = xcalloc(CHUNK_HDR + csize);
    c->size = csize;
    c->used = size;
    c->next = a->head;
    a->head = c;
    return (char *)c + CHUNK_HDR;
}

/* Copies n bytes of s into the arena and NUL-terminates them. */
char *arena_strndup(Arena *a, const char *s, size_t n) {
    char *d = arena_alloc(a, n + 1);
    if (n) memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

/* Releases every block of the arena and the arena itself. */
void arena_free(Arena *a) {
    if (!a) return;
    for (Chunk *c = a->head; c;) {
        Chunk *n = c->next;
        free(c);
        c = n;
    }
    for (Chunk *c = a->big; c;) {
        Chunk *n = c->next;
        free(c);
        c = n;
    }
    free(a);
}
