-module(io_lib_fmt2).
-export([test/0]).
%% Io_lib:format directives.
test() ->
    F = fun(Fmt, Args) -> lists:flatten(io_lib:format(Fmt, Args)) end,
    [F("~s|~10s|~-10s|~.2s", ["ab", "ab", "ab", "abcd"]), F("~c~c~3c", [$a, $b, $x]), F("~b ~.16b ~.2B ~8.16.0B", [10, 255, 5, 255]),
     F("~x ~X", [255, "0x", 255, "0X"]), F("~i~w", [ignored, shown]),
     F("~n~~", []), F("~p", [lists:seq(1, 40)]), F("~P", [lists:seq(1, 40), 5]), F("~W", [[a, b, c, d, e], 3]),
     F("~tp", [[1050, 1081]]), F("~*c|~-*c", [3, $a, 4, $b]), F("~s", [<<"bin">>]),
     F("~ts", [<<"ü"/utf8>>]), F("~10.3f|~-12.4e|~g", [3.14159, 2.71828, 100.0])].
