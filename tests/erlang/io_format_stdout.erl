-module(io_format_stdout).
-export([test/0]).
%% Io:format to stdout interleaved with the result.
test() ->
    io:format("plain~n"), io:format("~w ~p ~s~n", [a, [1, 2], "str"]), io:put_chars("chars\n"), io:fwrite("~5.2f~n", [1.234]),
    io:write({x, 1}), io:nl(),
    ok.
