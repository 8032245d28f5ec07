-module(send_ops).
-export([test/0]).
%% Send to pids, names, dead processes and bad destinations.
test() -> strip(test0()).
test0() ->
    S = self(),
    R1 = (S ! hello), R2 = erlang:send(S, world), R3 = catch (nonexistent_reg ! x),
    R4 = catch (123 ! x), R5 = [receive M -> M end || _ <- [1, 2]],
    register(me, S), me ! {via, name}, R6 = receive {via, N} -> N end, unregister(me),
    Dead = spawn(fun() -> ok end), Ref = monitor(process, Dead), receive {'DOWN', Ref, _, _, _} -> ok end,
    R7 = (Dead ! lost),
    [R1, R2, R3, R4, R5, R6, R7].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
