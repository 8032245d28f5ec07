-module(recv_patterns).
-export([test/0]).
%% Receive patterns with guards and binaries.
test() ->
    S = self(),
    [S ! M || M <- [{a, 1}, {b, 2}, {a, 3}, [x], <<"bin">>, 42, {c, {d, 5}}]],
    R1 = receive {c, {d, X}} -> X end,
    R2 = receive N when is_integer(N), N > 40 -> N end,
    R3 = receive <<B/binary>> -> B end,
    R4 = receive [Y] -> Y end,
    R5 = [receive {a, V} -> V end, receive {a, V2} -> V2 end],
    R6 = receive {b, W} -> W after 0 -> none end,
    R7 = receive _ -> left after 0 -> empty end,
    [R1, R2, R3, R4, R5, R6, R7].
