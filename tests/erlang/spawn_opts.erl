-module(spawn_opts).
-export([test/0, worker/2]).
%% Spawn variants.
test() -> strip(test0()).
test0() ->
    S = self(),
    P1 = spawn(?MODULE, worker, [S, 1]), R1 = receive {w, 1, X} -> X end,
    P2 = spawn_link(?MODULE, worker, [S, 2]), R2 = receive {w, 2, Y} -> Y end,
    {P3, M3} = spawn_monitor(?MODULE, worker, [S, 3]), R3 = receive {w, 3, Z} -> Z end,
    R3b = receive {'DOWN', M3, process, P3, W} -> W end,
    P4 = spawn_opt(fun() -> S ! opt end, [link, {fullsweep_after, 0}]), R4 = receive opt -> opt end,
    [R1, R2, R3, R3b, R4, is_pid(P1), is_pid(P2), is_pid(P4), catch spawn(nomod_zz, f, []) =/= x].
worker(S, N) -> S ! {w, N, N * 10}.
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
