-module(proc_patterns).
-export([test/0]).
%% Common process patterns: parallel map with ordered collection, a
%% restarting supervisor loop with trap_exit, a gen_server-like call with
%% monitors, and a token-passing pipeline.
pmap(F, L) ->
    Self = self(),
    Refs = [begin R = make_ref(), spawn(fun() -> Self ! {R, F(X)} end), R end || X <- L],
    [receive {R, V} -> V end || R <- Refs].
supervise(0, Acc) -> lists:reverse(Acc);
supervise(N, Acc) ->
    Pid = spawn_link(fun() -> if N rem 2 == 0 -> exit({crash, N}); true -> ok end end),
    receive {'EXIT', Pid, Why} -> supervise(N - 1, [Why | Acc]) end.
server(State) ->
    receive
        {call, From, Ref, {add, X}} -> From ! {Ref, State + X}, server(State + X);
        {call, From, Ref, get} -> From ! {Ref, State}, server(State);
        {call, _From, _Ref, stop} -> exit(stopped)
    end.
call(Pid, Req) ->
    Ref = monitor(process, Pid),
    Pid ! {call, self(), Ref, Req},
    receive
        {Ref, Reply} -> demonitor(Ref, [flush]), {ok, Reply};
        {'DOWN', Ref, process, Pid, Why} -> {down, Why}
    end.
stage(Next, F) -> receive {item, X} -> Next ! {item, F(X)}, stage(Next, F); done -> Next ! done end.
collect(Acc) -> receive {item, X} -> collect([X | Acc]); done -> lists:reverse(Acc) end.
test() ->
    R1 = pmap(fun(X) -> X * X end, lists:seq(1, 500)),
    process_flag(trap_exit, true),
    R2 = supervise(6, []),
    process_flag(trap_exit, false),
    S = spawn(fun() -> server(0) end),
    R3 = [call(S, {add, 5}), call(S, {add, 7}), call(S, get), call(S, stop), call(S, get)],
    Self = self(),
    Sink = spawn(fun() -> Self ! {result, collect([])} end),
    P3 = spawn(fun() -> stage(Sink, fun(X) -> X - 1 end) end),
    P2 = spawn(fun() -> stage(P3, fun(X) -> X * 10 end) end),
    P1 = spawn(fun() -> stage(P2, fun(X) -> X + 1 end) end),
    [P1 ! {item, I} || I <- lists:seq(1, 20)],
    P1 ! done,
    R4 = receive {result, Rs} -> Rs after 5000 -> timeout end,
    [lists:sum(R1), lists:sublist(R1, 5), R2, R3, R4].
