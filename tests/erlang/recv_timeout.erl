-module(recv_timeout).
-export([test/0]).
%% Selective receive with after clauses.
test() ->
    self() ! a, self() ! b, self() ! {c, 1},
    R1 = receive {c, X} -> X after 0 -> none end,
    R2 = receive z -> z after 10 -> timeout end,
    R3 = receive M1 -> M1 end,
    R4 = receive M2 -> M2 after 0 -> none end,
    R5 = receive M3 -> M3 after 0 -> empty end,
    P = self(), spawn(fun() -> receive after 20 -> P ! late end end),
    R6 = receive late -> got_late after 2000 -> missed end,
    R7 = receive after 0 -> zero end,
    [R1, R2, R3, R4, R5, R6, R7].
