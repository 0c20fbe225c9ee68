# llhttp frames the listener's HTTP/1.1 (see docs/architecture.md for why).
# Prefer a distribution's shared library; else build the C sources that Debian's
# node-llhttp package installs. Its files are never copied into this tree.
#
# llhttp.c holds two parsers, chosen at compile time by LLHTTP_STRICT_MODE. The
# default ("loose") one skips the byte after a CR without looking at it at the end
# of the header section, of a chunk-size line and of chunk data, so CR LF CR X ends
# a header block and the next bytes become a second request (issue 18). The
# listener needs the strict one; a shared library is used only when it proves to be
# strict (a probe runs it), since a distribution builds the default.
find_package(PkgConfig QUIET)
if(PkgConfig_FOUND)
    pkg_check_modules(LLHTTP QUIET IMPORTED_TARGET libllhttp)
endif()
if(LLHTTP_FOUND)
    include(CheckCSourceRuns)
    set(CMAKE_REQUIRED_INCLUDES ${LLHTTP_INCLUDE_DIRS})
    set(CMAKE_REQUIRED_LIBRARIES ${LLHTTP_LINK_LIBRARIES})
    check_c_source_runs([[
#include <llhttp.h>
#include <string.h>
int main(void)
{
    static const char request[] = "GET / HTTP/1.1\r\nHost: a\r\n\rX";
    llhttp_settings_t settings;
    llhttp_t parser;
    llhttp_settings_init(&settings);
    llhttp_init(&parser, HTTP_REQUEST, &settings);
    return llhttp_execute(&parser, request, strlen(request)) == HPE_OK;
}]] HOOKBENCH_LLHTTP_SYSTEM_IS_STRICT)
    unset(CMAKE_REQUIRED_INCLUDES)
    unset(CMAKE_REQUIRED_LIBRARIES)
    if(NOT HOOKBENCH_LLHTTP_SYSTEM_IS_STRICT)
        message(STATUS "llhttp: system library ${LLHTTP_VERSION} is built loose (no LLHTTP_STRICT_MODE); not used")
        set(LLHTTP_FOUND FALSE)
    endif()
endif()

if(LLHTTP_FOUND)
    add_library(hookbench_llhttp INTERFACE)
    target_link_libraries(hookbench_llhttp INTERFACE PkgConfig::LLHTTP)
    message(STATUS "llhttp: system library ${LLHTTP_VERSION}")
else()
    set(HOOKBENCH_LLHTTP_SOURCE_DIR "/usr/share/llhttp" CACHE PATH "Directory holding llhttp's api.c, http.c, llhttp.c")
    set(HOOKBENCH_LLHTTP_INCLUDE_DIR "/usr/share/include/llhttp" CACHE PATH "Directory holding llhttp.h")
    foreach(source api.c http.c llhttp.c)
        if(NOT EXISTS "${HOOKBENCH_LLHTTP_SOURCE_DIR}/${source}")
            message(FATAL_ERROR "llhttp not found: no libllhttp pkg-config module and no "
                "${HOOKBENCH_LLHTTP_SOURCE_DIR}/${source}. On Debian: apt-get install node-llhttp "
                "(scripts/setup.sh does this).")
        endif()
    endforeach()
    add_library(hookbench_llhttp STATIC
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/api.c
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/http.c
        ${HOOKBENCH_LLHTTP_SOURCE_DIR}/llhttp.c)
    target_include_directories(hookbench_llhttp SYSTEM PUBLIC ${HOOKBENCH_LLHTTP_INCLUDE_DIR})
    target_compile_definitions(hookbench_llhttp PRIVATE LLHTTP_STRICT_MODE=1)
    set_target_properties(hookbench_llhttp PROPERTIES POSITION_INDEPENDENT_CODE ON C_STANDARD 99)
    # Third-party C: our warning flags do not apply to it.
    target_compile_options(hookbench_llhttp PRIVATE -w)
    message(STATUS "llhttp: built strict from ${HOOKBENCH_LLHTTP_SOURCE_DIR}")
endif()
