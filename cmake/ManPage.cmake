# Writes hookbench.1 from the binary's own --help, so the man page cannot drift from it:
#   cmake -DHOOKBENCH=bin/hookbench -DHELP2MAN=/usr/bin/help2man -DOUTPUT=hookbench.1 -P ManPage.cmake
# help2man turns `hookbench --help` and `--version` into the page; every command's own
# --help becomes a subsection of COMMANDS through help2man's include file.
set(commands listen send sign export import run replay)
set(include_text "[DESCRIPTION]\nHookbench composes, signs and sends webhook requests and runs a local listener that \
stores and shows every incoming request byte for byte. Without a command it opens the window; with one it runs \
headless.\n\n[COMMANDS]\n")
foreach(command IN LISTS commands)
    execute_process(COMMAND ${HOOKBENCH} ${command} --help
        OUTPUT_VARIABLE help RESULT_VARIABLE result ENCODING UTF-8)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${HOOKBENCH} ${command} --help failed (${result})")
    endif()
    # Lines starting with a dot or a quote would be read as roff requests.
    string(REGEX REPLACE "(^|\n)([.'])" "\\1\\\\&\\2" help "${help}")
    string(REPLACE "\n" "\n.br\n" help "${help}")
    string(APPEND include_text ".SS hookbench ${command}\n${help}\n")
endforeach()
string(APPEND include_text "\n[FILES]\n.TP\n.I ~/.local/share/hookbench/\ncaptures.sqlite (the listener's \
captures), history.sqlite (every send), collections/ (saved requests).\n.TP\n.I ~/.config/Hookbench/hookbench.conf\n\
settings of the window.\n")
get_filename_component(output_dir "${OUTPUT}" DIRECTORY)
file(WRITE "${output_dir}/hookbench-man-include.txt" "${include_text}")
execute_process(COMMAND ${HELP2MAN} --no-info --no-discard-stderr --section=1
        "--name=a workbench for webhooks" --include=${output_dir}/hookbench-man-include.txt
        --output=${OUTPUT} ${HOOKBENCH}
    RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "help2man failed (${result})")
endif()
# Debian's policy: manual pages are installed compressed (gzip -9n: no name or time inside,
# so the package builds the same twice).
execute_process(COMMAND gzip -9nkf ${OUTPUT} RESULT_VARIABLE result)
if(NOT result EQUAL 0)
    message(FATAL_ERROR "gzip ${OUTPUT} failed (${result})")
endif()
