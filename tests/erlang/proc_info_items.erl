-module(proc_info_items).
-export([test/0]).
%% Process_info items, valid and invalid, for live and dead processes.
test() -> strip(test0()).
test0() ->
    P = spawn(fun() -> ok end), Ref = monitor(process, P), receive {'DOWN', Ref, _, _, _} -> ok end,
    [process_info(P, status), process_info(P, [status, links]), catch process_info(P, nonsense), catch process_info(P, [status, bad]),
     catch process_info(self(), nonsense), element(1, process_info(self(), current_stacktrace)),
     is_list(element(2, process_info(self(), current_stacktrace))), process_info(self(), registered_name),
     catch process_info(not_a_pid, status)].
%% Caught exits keep only their reason: under erl the stack trace also
%% holds the erl_eval frames of the -eval harness, and OTP adds
%% error_info annotations that shale-beam does not (a known difference).
strip({'EXIT', {R, [T | _]}}) when tuple_size(T) =:= 4 -> {'EXIT', R};
strip([H | T]) -> [strip(H) | strip(T)];
strip(T) when is_tuple(T) -> list_to_tuple(strip(tuple_to_list(T)));
strip(X) -> X.
