#include "web/memory.hpp"

#include <dlfcn.h>
#include <malloc.h>

namespace news::web {

void release_free_memory() {
    // Looked up at run time: the executables link tcmalloc only when it is
    // installed (NEWS_TCMALLOC), and this library does not depend on it.
    using Release = void (*)();
    static const Release tcmalloc_release =
        reinterpret_cast<Release>(dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory"));
    if (tcmalloc_release) tcmalloc_release();
    else malloc_trim(0);
}

}  // namespace news::web
