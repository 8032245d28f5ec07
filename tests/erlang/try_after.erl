-module(try_after).
-export([test/0]).
%% try ... of ... catch ... after ordering and nesting.
test() ->
    put(log, []),
    R1 = try log(a), 1 after log(after1) end,
    R2 = case catch try log(b), error(x) after log(after2) end of {'EXIT', {Rx, _}} -> Rx end,
    R3 = try try throw(inner) after log(after3) end catch throw:T -> {caught, T} end,
    R4 = try id(5) of 5 -> five; _ -> other catch _:_ -> err after log(after4) end,
    R5 = try error(e1) catch error:e1 -> try error(e2) catch error:E -> {nested, E} end end,
    R6 = try exit(normal) catch exit:normal -> exit_caught end,
    R7 = try erlang:error(badarg, [1]) catch error:badarg:St -> is_list(St) end,
    R8 = fun() -> try throw(x) catch throw:x -> retry end end(),
    R9 = try [X || X <- [1, 2, 3], X > nonexistent_atom_compare] catch _:_ -> none end,
    R10 = try throw({a, b}) catch {a, _} = V -> {class_default_throw, V} end,
    [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, lists:reverse(get(log))].
log(X) -> put(log, [X | get(log)]).
id(X) -> X.
