-module(fun_env).
-export([test/0]).
%% Closure environments and funs sent between processes.
test() ->
    Fs = [fun() -> {A, B} end || A <- [1, 2], B <- [x, y]],
    G = make(10),
    P = self(),
    Pid = spawn(fun() -> receive {F, From} -> From ! {res, F(5)} end end),
    Pid ! {G, P},
    R = receive {res, V} -> V end,
    [[F() || F <- Fs], G(1), R, erlang:fun_info(G, arity), erlang:fun_info(G, type)].
make(N) -> fun(X) -> lists:sum([N, X | [N * X]]) end.
