-module(links_trap).
-export([test/0]).
%% Links with trap_exit.
test() -> strip(test0()).
test0() ->
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> exit(boom) end),
    R1 = receive {'EXIT', P1, Why} -> Why end,
    P2 = spawn_link(fun() -> ok end),
    R2 = receive {'EXIT', P2, W2} -> W2 end,
    P3 = spawn_link(fun() -> exit({badarith, x}) end),
    R3 = receive {'EXIT', P3, {badarith, _}} -> badarith end,
    P4 = spawn(fun() -> receive _ -> ok end end),
    link(P4), exit(P4, kill),
    R4 = receive {'EXIT', P4, W4} -> W4 end,
    R5 = catch link(list_to_pid("<0.9999.0>")),
    P6 = spawn(fun() -> receive stop -> ok end end), link(P6), unlink(P6), P6 ! stop,
    R6 = receive {'EXIT', P6, _} -> linked after 50 -> unlinked end,
    [R1, R2, R3, R4, R5, R6].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
