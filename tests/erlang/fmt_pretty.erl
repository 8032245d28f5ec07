-module(fmt_pretty).
-export([test/0]).
%% Io_lib_pretty line breaking.
test() ->
    T = {record_like, [{key, "value"}, {list, lists:seq(1, 30)}, {nested, {a, {b, {c, {d, [e, f, g]}}}}}], <<"binary">>, #{k => v}},
    [lists:flatten(io_lib:format("~p", [T])), lists:flatten(io_lib:format("~80p", [T])), lists:flatten(io_lib:format("~40p", [T])),
     lists:flatten(io_lib:format("~p", [lists:seq($a, $z)])), lists:flatten(io_lib:format("~p", [[1, 2, 300]])),
     lists:flatten(io_lib:format("~p", [<<"hello">>])), lists:flatten(io_lib:format("~p", [<<1, 2, 255>>]))].
