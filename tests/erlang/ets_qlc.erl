-module(ets_qlc).
-export([test/0]).
-include_lib("stdlib/include/qlc.hrl").
%% Query list comprehensions over ETS tables (ets:table/1,2 and OTP's
%% unmodified qlc): filters turned into match specifications, lookups by
%% key, joins, folds and cursors.  Hash-table results come in OTP's order
%% (integer keys).

test() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * I} || I <- lists:seq(1, 20)]),
    S = ets:new(s, [set]),
    ets:insert(S, [{I, integer_to_list(I)} || I <- lists:seq(1, 20, 3)]),
    B = ets:new(b, [bag]),
    ets:insert(B, [{I rem 3, I} || I <- lists:seq(1, 12)]),
    Q1 = qlc:q([{K, V} || {K, V} <- ets:table(O), K > 15]),
    Q2 = qlc:q([K || {K, V} <- ets:table(O), V rem 2 =:= 0, K < 7]),
    Q3 = qlc:q([{K, V, Str} || {K, V} <- ets:table(O), {K2, Str} <- ets:table(S), K =:= K2]),
    Q4 = qlc:q([V || {K, V} <- ets:table(B), K =:= 1]),
    Q5 = qlc:q([V || {4, V} <- ets:table(S)]),
    Q6 = qlc:q([X || {X, _} <- ets:table(O, [{traverse, {select, [{{'$1', '$2'}, [{'<', '$1', 4}], ['$_']}]}}])]),
    C = qlc:cursor(qlc:q([K || {K, _} <- ets:table(O)])),
    First = qlc:next_answers(C, 3),
    Next = qlc:next_answers(C, 2),
    qlc:delete_cursor(C),
    [qlc:e(Q1), qlc:e(Q2), qlc:e(Q3), qlc:e(Q4), qlc:e(Q5),
     qlc:e(Q6), qlc:fold(fun({_, V}, A) -> A + V end, 0, Q1), First, Next,
     qlc:e(qlc:sort(qlc:q([V || {_, V} <- ets:table(S)]))),
     qlc:e(qlc:q([V || {_, V} <- ets:table(S)]))].
