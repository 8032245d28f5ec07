-module(proc_info).
-export([test/0]).
%% Process info, registration and liveness.
test() -> strip(test0()).
test0() ->
    P = spawn(fun() -> receive _ -> ok end end),
    R = [is_process_alive(P), is_pid(P), process_info(P, status) =/= undefined, element(1, process_info(self(), message_queue_len)),
         register(myname, P), whereis(myname) =:= P, lists:member(myname, registered()), catch register(myname, self()),
         unregister(myname), whereis(myname), catch unregister(myname)],
    P ! go, Ref = monitor(process, P),
    receive {'DOWN', Ref, _, _, _} -> ok end,
    R ++ [is_process_alive(P), process_info(P, status), catch process_info(P, badinfo)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
