-module(binary_append_loop).
-export([test/0]).
%% Appending to binaries in loops.
test() ->
    B = lists:foldl(fun(I, Acc) -> <<Acc/binary, I:16>> end, <<>>, lists:seq(1, 5000)),
    Bits = lists:foldl(fun(I, Acc) -> <<Acc/bits, (I band 1):1>> end, <<>>, lists:seq(1, 1001)),
    [byte_size(B), binary:part(B, 9990, 10), bit_size(Bits), Bits, count(B, 0)].
count(<<X:16, R/binary>>, A) -> count(R, A + X);
count(<<>>, A) -> A.
