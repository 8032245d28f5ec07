-module(string_concat_big).
-export([test/0]).
%% Large strings and binaries.
test() ->
    S = lists:flatten([integer_to_list(I) || I <- lists:seq(1, 20000)]),
    B = list_to_binary(S),
    [length(S), byte_size(B), lists:sublist(S, 100, 20), binary:part(B, 5000, 10), length(string:split(S, "999", all)),
     string:find(S, "19999") =/= nomatch, erlang:crc32(B), iolist_size([B, S, B])].
