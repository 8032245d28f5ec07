-module(io_lib_fmt).
-export([test/0]).
%% io_lib formatting, run unmodified from stdlib.
f(Fmt, Args) -> lists:flatten(io_lib:format(Fmt, Args)).
test() ->
    [f("~w", [{a, "b", 1.5}]), f("~p", [[1, 2, 3]]), f("~s", ["str"]), f("~s", [<<"bin">>]),
     f("~p", ["a string"]), f("~10.2f|", [3.14159]), f("~-6w|", [ab]), f("~6w|", [ab]),
     f("~b", [255]), f("~.16B", [255]), f("~8.2.0b", [5]), f("~c", [$x]), f("~e", [1.5]),
     f("~i~w", [ignored, shown]), f("~n", []), f("~~", []), f("~tp", [[1024]]),
     f("~p", [#{a => 1}]), f("~w", [<<1, 2>>]), f("~p", [{nested, [{deep, <<"x">>}]}]),
     f("~x", [255, "0x"]), f("~.3s", ["abcdef"]), f("~p", [lists:seq(1, 30)]),
     f("~w", [-12.5]), f("~s", [[$a, [$b], <<"c">>]]), io_lib:write_atom('hello world'),
     lists:flatten(io_lib:write({x, 1})), io_lib:print("x"), f("~ts", ["ü"])].
