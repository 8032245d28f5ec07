-module(stack_initial).
-export([test/0, fail/0]).
%% Stack traces of exceptions raised by a tail call from a process's first function.
test() ->
    process_flag(trap_exit, true),
    Fs = [fun() -> throw(t) end, fun() -> error(e) end, fun() -> element(1, x) end],
    R1 = [begin P = spawn_link(F), receive {'EXIT', P, Rsn} -> Rsn end end || F <- Fs],
    P2 = spawn_link(?MODULE, fail, []), R2 = receive {'EXIT', P2, X} -> X end,
    R3 = try (fun() -> throw(x) end)() catch throw:x:S -> [{M, Fn, A} || {M, Fn, A, _} <- S, M =:= ?MODULE] end,
    %% OTP's BIF frames carry an error_info entry shale-beam lacks (known gap)
    [[{Rsn, [{M, Fn, A, [L || {K, _} = L <- Loc, K =/= error_info]} || {M, Fn, A, Loc} <- St]} || {Rsn, St} <- R1], R2, R3].
fail() -> erlang:error(badarg).
