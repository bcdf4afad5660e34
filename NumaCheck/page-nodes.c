/*
 * page-nodes PID START END
 *
 * Asks the kernel on which NUMA node each 4 KiB page of [START, END) in process
 * PID's address space lies: move_pages(PID, count, pages, NULL, status, 0) with
 * no target nodes is a query. Prints one line per run of pages with the same
 * answer, "FIRST_PAGE COUNT NODE", page numbers relative to START; NODE is -1
 * for a page PID has not mapped (ENOENT) and -2 for any other error.
 *
 * It exists so the first-touch check reads placement from the OS, never from
 * gemmbench: gemmbench itself only asks the kernel for its own pages.
 * Built static on the host (NumaCheck/pack-initramfs.sh) for the guest.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

enum { page_bytes = 4096, batch = 4096 };

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: page-nodes PID START END   (addresses in hex, END exclusive)\n");
        return 2;
    }
    long pid = strtol(argv[1], NULL, 10);
    unsigned long start = strtoul(argv[2], NULL, 16), end = strtoul(argv[3], NULL, 16);
    if (pid <= 0 || end <= start || start % page_bytes != 0) {
        fprintf(stderr, "page-nodes: bad arguments\n");
        return 2;
    }
    unsigned long pages = (end - start + page_bytes - 1) / page_bytes;
    void *addresses[batch];
    int status[batch];
    long run_first = 0, run_count = 0;
    int run_node = 0;
    for (unsigned long first = 0; first < pages; first += batch) {
        unsigned long count = pages - first < batch ? pages - first : batch;
        for (unsigned long i = 0; i < count; i++) addresses[i] = (void *)(start + (first + i) * page_bytes);
        if (syscall(SYS_move_pages, (int)pid, count, addresses, NULL, status, 0) != 0) {
            perror("page-nodes: move_pages");
            return 1;
        }
        for (unsigned long i = 0; i < count; i++) {
            int node = status[i] >= 0 ? status[i] : (status[i] == -ENOENT ? -1 : -2);
            if (run_count > 0 && node == run_node) { run_count++; continue; }
            if (run_count > 0) printf("%ld %ld %d\n", run_first, run_count, run_node);
            run_first = (long)(first + i); run_count = 1; run_node = node;
        }
    }
    if (run_count > 0) printf("%ld %ld %d\n", run_first, run_count, run_node);
    return 0;
}
