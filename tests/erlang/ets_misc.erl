-module(ets_misc).
-export([test/0]).
%% Corners of ETS checked against OTP 25: deleting a public table from
%% another process, insert_new with repeated keys, default objects that
%% are not tuples, map patterns, limits that are not integers, heir
%% options, hash-table last/prev, update_element on a missing key,
%% references that are not tables, '$end_of_table' as an ordered_set key.

err(F) -> case catch F() of {'EXIT', {R, _}} -> R; V -> {ok, V} end.
other(F) ->
    Self = self(),
    Ref = make_ref(),
    spawn(fun() -> Self ! {Ref, err(F)} end),
    receive {Ref, R} -> R after 2000 -> timeout end.

test() ->
    P = ets:new(p, [public]),
    S = ets:new(s, [set]),
    B = ets:new(b, [bag]),
    O = ets:new(o, [ordered_set]),
    ets:insert(B, [{a,1,2},{a,1}]),
    ets:insert(O, [{a,1,2}]),
    [other(fun() -> ets:delete(P) end), ets:info(P),
     ets:insert_new(S, [{x,1},{x,2}]), ets:lookup(S, x),
     err(fun() -> ets:lookup_element(B, a, 3) end),
     err(fun() -> ets:update_counter(S, x, 1, bad) end),
     err(fun() -> ets:update_counter(S, nokey, 1, {k}) end),
     ets:update_counter(O, b, {2, 5}, {z, 0}), ets:lookup(O, b),
     ets:select(O, [{'$1', [{'==', {element, 1, '$_'}, a}], ['$_']}]),
     ets:insert(S, {m, #{a => 1, b => 2}}),
     ets:match(S, {m, #{a => '$1'}}),
     ets:match(S, {m, #{c => '$1'}}),
     ets:select(S, [{{m, '$1'}, [], [{map_get, b, '$1'}]}]),
     ets:select(O, [{{'$1','$2','$3'}, [], [{{'$3','$2','$1'}}]}]),
     err(fun() -> ets:select(O, [{{'$1','$2','$3'}, [], [{{'$3','$2','$1'}}]}], 1.0) end),
     ets:match_object(O, {'_','_','_'}, 10),
     err(fun() -> ets:insert(S, [{a}|{b}]) end),
     err(fun() -> ets:match(S, {'$1'}, 1) end),
     ets:select_count(B, [{{a,'_','_'},[],[true]}]),
     ets:delete_object(B, {a,1}), ets:lookup(B,a),
     ets:new(t, [{write_concurrency, auto}, public]) =/= x,
     err(fun() -> ets:new(t, [{heir, self()}]) end),
     err(fun() -> ets:new(t, [{keypos, 2, x}]) end),
     err(fun() -> ets:new(t, [{heir, none, x}]) end),
     ets:info(ets:new(t, [{heir, self(), x}, {heir, none}]), heir),
     ets:last(S) == ets:first(S), ets:prev(S, m) == ets:next(S, m),
     err(fun() -> ets:slot(S, 100000) end), 
     ets:update_counter(O, a, 0),
     ets:update_counter(O, a, []),
     %% a missing key is false before the pairs are looked at
     ets:update_element(S, nokey, notapair), ets:update_element(S, nokey, [a | b]),
     err(fun() -> ets:update_element(S, x, notapair) end),
     %% only table references are tables
     err(fun() -> ets:info(make_ref()) end), err(fun() -> ets:info(make_ref(), size) end),
     err(fun() -> ets:match_spec_compile([]) end),
     err(fun() -> ets:next(O, '$end_of_table') end),
     err(fun() -> ets:prev(O, '$end_of_table') end),
     ets:next(O, '$1'), ets:prev(O, zzz)
    ] ++ built_on_top() ++ equal_keys().

%% ordered_set keys compare with ==, but match heads match exactly.
equal_keys() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{1.0, a}, {2, b}, {3.5, c}]),
    [ets:match_object(O, {1, '_'}), ets:match_object(O, {1.0, '_'}),
     ets:select(O, [{{2.0, '$1'}, [], ['$1']}]),
     ets:select_count(O, [{{1, '_'}, [], [true]}]), ets:match_delete(O, {2.0, '_'}),
     ets:tab2list(O), ets:select(O, [{{'$1', '_'}, [{'==', '$1', 1}], ['$_']}]),
     ets:lookup(O, 3.5), ets:member(O, 2), ets:take(O, 1), ets:tab2list(O),
     ets:insert(O, [{{1, x}, t1}, {{1.0, x}, t2}]), ets:tab2list(O),
     ets:match_object(O, {{1, '_'}, '_'})].

%% ets.erl functions over the BIFs: init_table, repair_continuation.
built_on_top() ->
    T = ets:new(t, [ordered_set]),
    ets:insert(T, {old}),
    Last = fun(read) -> end_of_input; (close) -> ok end,
    Mid = fun(read) -> {[{c, 3}], Last}; (close) -> ok end,
    Feed = fun(read) -> {[{a, 1}, {b, 2}], Mid}; (close) -> ok end,
    R1 = ets:init_table(T, Feed),
    R2 = ets:tab2list(T),
    MS = [{{'$1', '_'}, [], ['$1']}],
    {R3, C} = ets:select(T, MS, 1),
    R4 = element(1, ets:select(ets:repair_continuation(C, MS))),
    S = ets:new(s, [set]),
    ets:insert(S, [{I, I} || I <- lists:seq(1, 5)]),
    {_, HC} = ets:select(S, MS, 2),
    {HR, _} = ets:select(ets:repair_continuation(HC, MS)),
    [R1, R2, R3, R4, length(HR), ets:repair_continuation('$end_of_table', MS)].
