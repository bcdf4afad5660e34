// Debian's libopenblas-dev installs the CBLAS interface as <cblas.h> (through
// alternatives, OpenBLAS's own cblas.h); it also declares the openblas_* calls
// gemmbench needs: openblas_set_num_threads, openblas_get_num_threads,
// openblas_get_config and openblas_get_corename.
#include <cblas.h>
