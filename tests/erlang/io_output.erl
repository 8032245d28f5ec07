-module(io_output).
-export([test/0]).
%% Output through the io module (Shale's preloaded io over io_lib).
test() ->
    io:format("plain line~n"),
    io:format("~p and ~w and ~s~n", [[1, 2, 3], {a, "b"}, "str"]),
    io:format("~5.2f|~-8s|~8s|~n", [3.14159, "left", "right"]),
    io:put_chars("put_chars\n"),
    io:put_chars(<<"binary chars\n">>),
    io:write({written, [1, 2]}),
    io:nl(),
    io:fwrite("fwrite ~b~n", [42]),
    io:format(standard_io, "to standard_io ~w~n", [ok]),
    io:format("~ts~n", ["unicode ü"]),
    done.
