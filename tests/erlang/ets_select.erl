-module(ets_select).
-export([test/0]).
-include_lib("stdlib/include/ms_transform.hrl").
%% Match specifications over tables: match, match_object, select (with
%% continuations), select_reverse, select_count, select_delete,
%% select_replace, match_delete, ets:fun2ms, and the match spec language
%% on its own (match_spec_compile/run, is_compiled_ms, test_ms).
%% Set/bag results with atom keys are sorted (atoms' OTP hash is not ours:
%% hash order, see README); those with integer keys are in OTP's order.

err(F) -> case catch F() of {'EXIT', {R, _}} -> R; V -> {ok, V} end.
s(L) when is_list(L) -> lists:sort(L);
s(X) -> X.

people() ->
    [{alice, 31, london, [cats]}, {bob, 25, paris, []}, {carol, 47, london, [dogs, cats]},
     {dave, 25, berlin, [fish]}, {eve, 19, paris, [cats]}, {frank, 62, rome, []}].

test() ->
    [queries(Type) || Type <- [set, ordered_set, bag, duplicate_bag]] ++
        [chunks(), reverse(), changes(set), changes(ordered_set), changes(bag),
         language(), standalone(), bad_specs()].

queries(Type) ->
    T = ets:new(p, [Type]),
    ets:insert(T, people()),
    [s(ets:match(T, {'$1', 25, '_', '_'})),
     s(ets:match(T, {'$2', '$1', london, '_'})),
     s(ets:match(T, {'_', '_', '_', ['$1' | '_']})),
     s(ets:match(T, {bob, '$1', '$2', '$3'})),
     s(ets:match(T, {nobody, '$1', '_', '_'})),
     s(ets:match(T, '_')) == s([[] || _ <- people()]),
     s(ets:match_object(T, {'_', '_', paris, '_'})),
     s(ets:match_object(T, {'_', 25, '_', []})),
     s(ets:select(T, [{{'$1', '$2', '_', '_'}, [{'>', '$2', 30}], ['$1']}])),
     s(ets:select(T, [{{'$1', '$2', '$3', '_'}, [{'<', '$2', 30}, {'=/=', '$3', berlin}],
                      [{{'$3', '$1'}}]}])),
     s(ets:select(T, [{{'$1', '_', london, '_'}, [], ['$_']},
                      {{'$1', '_', rome, '_'}, [], [{{rome, '$1'}}]}])),
     s(ets:select(T, [{{'$1', '$2', '_', '$3'}, [{'orelse', {'==', '$3', []}, {'>', '$2', 40}}],
                      ['$$']}])),
     s(ets:select(T, ets:fun2ms(fun({N, A, _, Pets}) when A > 20, Pets =/= [] -> {N, length(Pets)} end))),
     s(ets:select(T, ets:fun2ms(fun({N, A, C, _}) when C == paris orelse A >= 60 -> N end))),
     s(ets:select(T, ets:fun2ms(fun(P = {_, _, berlin, _}) -> P end))),
     s(ets:select(T, ets:fun2ms(fun({N, A, _, _}) when is_atom(N), A rem 2 =:= 1 -> {odd, N, A * 2} end))),
     ets:select_count(T, [{{'_', '$1', '_', '_'}, [{'<', '$1', 40}], [true]}]),
     ets:select_count(T, [{{'_', '$1', '_', '_'}, [], [{'<', '$1', 40}]}]),
     ets:select_count(T, ets:fun2ms(fun({_, _, london, _}) -> true end)),
     s(ets:match(T, {'$1', '_', '_', '_'})) ].

%% Continuations: ordered_set chunks in key order; hash tables' chunks
%% in OTP's bucket order, cut at bucket boundaries as OTP cuts them.
chunks() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{I, I * I} || I <- lists:seq(1, 10)]),
    MS = [{{'$1', '$2'}, [{'>', '$2', 10}], ['$1']}],
    C1 = all_chunks(ets:select(O, MS, 3)),
    C2 = all_chunks(ets:select(O, MS, 7)),
    C3 = all_chunks(ets:select(O, MS, 100)),
    C4 = all_chunks(ets:select(O, [{{'$1', '_'}, [{'<', '$1', 3}], ['$1']}], 2)),
    C5 = all_chunks(ets:match(O, {'$1', '_'}, 4)),
    C6 = all_chunks(ets:match_object(O, {'_', 100}, 1)),
    C7 = ets:select(O, [{{'$1', '_'}, [{'>', '$1', 100}], ['$1']}], 5),
    S = ets:new(s, [set]),
    ets:insert(S, [{I} || I <- lists:seq(1, 10)]),
    H = [all_chunks(ets:select(S, [{{'$1'}, [], ['$1']}], N)) || N <- [1, 3, 5, 10, 11]],
    HU = chunk_lists(ets:select(S, [{{'$1'}, [], ['$1']}], 4)),
    HM = chunk_lists(ets:match(S, {'$1'}, 3)),
    HS = [chunk_sizes(ets:select(S, [{{'$1'}, [], ['$1']}], N)) || N <- [1, 3, 5, 10, 11]],
    E = [ets:select('$end_of_table'), ets:match('$end_of_table'),
         ets:match_object('$end_of_table'), ets:select_reverse('$end_of_table'),
         err(fun() -> ets:select(O, MS, 0) end), err(fun() -> ets:select(O, MS, x) end),
         err(fun() -> ets:match(O, '_', -1) end), err(fun() -> ets:select(bogus) end)],
    [C1, C2, C3, C4, C5, C6, C7, H, HU, HM, HS, E].

all_chunks('$end_of_table') -> [eot];
all_chunks({R, '$end_of_table'}) -> [{last, R}, eot];
all_chunks({R, C}) -> [R | all_chunks(ets:select(C))].
rev_chunks('$end_of_table') -> [eot];
rev_chunks({R, '$end_of_table'}) -> [{last, R}, eot];
rev_chunks({R, C}) -> [R | rev_chunks(ets:select_reverse(C))].
chunk_sizes('$end_of_table') -> [eot];
chunk_sizes({R, C}) -> [length(R) | chunk_sizes(ets:select(C))].
chunk_lists('$end_of_table') -> [];
chunk_lists({R, C}) -> [R | chunk_lists(ets:select(C))].

reverse() ->
    O = ets:new(o, [ordered_set]),
    ets:insert(O, [{K, v} || K <- [3, a, 1.5, "s", {t}, 10]]),
    MS = [{{'$1', '_'}, [], ['$1']}],
    S = ets:new(s, [bag]),
    ets:insert(S, [{a, 1}, {b, 2}, {a, 3}]),
    [ets:select_reverse(O, MS), ets:select(O, MS),
     rev_chunks(ets:select_reverse(O, MS, 4)),
     rev_chunks(ets:select_reverse(O, MS, 2)),
     lists:sort(ets:select_reverse(S, [{{'$1', '$2'}, [], [{{'$2', '$1'}}]}]))].

changes(Type) ->
    T = ets:new(c, [Type]),
    ets:insert(T, people()),
    D1 = ets:select_delete(T, [{{'_', '$1', '_', '_'}, [{'<', '$1', 20}], [true]}]),
    D2 = ets:select_delete(T, [{{'_', '$1', '_', '_'}, [], [{'<', '$1', 20}]}]),
    D3 = ets:select_delete(T, [{{'_', '_', rome, '_'}, [], [false]}]),
    Sz1 = ets:info(T, size),
    R1 = err(fun() -> ets:select_replace(T, [{{'$1', '$2', '$3', '$4'}, [{'==', '$3', paris}],
                                 [{{'$1', {'+', '$2', 1}, moved, '$4'}}]}]) end),
    L1 = s(ets:tab2list(T)),
    R2 = err(fun() -> ets:select_replace(T, ets:fun2ms(fun({N, A, C, P}) when A > 40 -> {N, A, C, [old | P]} end)) end),
    L2 = s(ets:tab2list(T)),
    R3 = err(fun() -> ets:select_replace(T, [{{'$1', '$2', '$3', '$4'}, [], [{{'$2', '$1', '$3', '$4'}}]}]) end),
    R4 = err(fun() -> ets:select_replace(T, [{{'$1', '_', '_', '_'}, [], ['$_']}]) end),
    MD = ets:match_delete(T, {'_', '_', moved, '_'}),
    L3 = s(ets:tab2list(T)),
    All = ets:select_delete(T, [{'_', [], [true]}]),
    Sz2 = ets:info(T, size),
    [D1, D2, D3, Sz1, R1, L1, R2, L2, R3, R4, MD, L3, All, Sz2].

language() ->
    T = ets:new(l, [set]),
    ets:insert(T, [{k, 2, [a, b], <<"bin">>, #{m => 1}, 2.5}, {j, -3, [], <<>>, #{}, 0.0}]),
    Q = fun(Body) -> err(fun() -> lists:sort(ets:select(T, [{{'$1', '$2', '$3', '$4', '$5', '$6'}, [], [Body]}])) end) end,
    G = fun(Guard) -> err(fun() -> lists:sort(ets:select(T, [{{'$1', '$2', '$3', '$4', '$5', '$6'}, [Guard], ['$1']}])) end) end,
    Bodies = [{'+', '$2', 1}, {'-', '$2'}, {'*', '$2', '$6'}, {'/', '$2', 2}, {'div', '$2', 2},
              {'rem', '$2', 2}, {'band', '$2', 6}, {'bor', '$2', 1}, {'bxor', '$2', 3},
              {'bnot', '$2'}, {'bsl', '$2', 3}, {'bsr', '$2', 1}, {abs, '$2'},
              {float, '$2'}, {round, '$6'}, {trunc, '$6'}, {hd, '$3'}, {tl, '$3'},
              {length, '$3'}, {size, '$4'}, {byte_size, '$4'}, {bit_size, '$4'},
              {element, 1, '$_'}, {map_get, m, '$5'}, {map_size, '$5'},
              {is_map_key, m, '$5'}, {binary_part, '$4', 0, 1}, {'not', {is_list, '$3'}},
              {'and', true, {'>', '$2', 0}}, {'or', false, {'<', '$2', 0}},
              {'xor', true, {'>', '$2', 0}}, {'andalso', true, '$2'},
              {'orelse', {'>', '$2', 0}, '$1'}, {const, '$1'}, {{'$1', {const, {x}}}},
              ['$1', '$2' | '$1'], #{key => '$1'}, '$$', '$_', {is_record, '$_', k, 6},
              {node}, {is_pid, {self}}, 42, "str", {{}}, {{{{'$1'}}}}],
    Guards = [{is_atom, '$1'}, {is_integer, '$2'}, {is_float, '$6'}, {is_number, '$6'},
              {is_list, '$3'}, {is_binary, '$4'}, {is_bitstring, '$4'}, {is_map, '$5'},
              {is_tuple, '$_'}, {is_boolean, '$1'}, {is_pid, {self}}, {is_reference, '$1'},
              {is_port, '$1'}, {is_function, '$1'}, {'==', '$6', 0}, {'=:=', '$6', 0},
              {'/=', '$2', 2}, {'=/=', '$6', 0.0}, {'>=', '$2', 2}, {'=<', '$2', 2},
              {'>', '$3', '$2'}, {'<', '$4', '$3'}, {hd, '$3'}, {'+', '$2', a},
              {'andalso', {is_atom, '$1'}, {'>', '$2', 0}},
              {'orelse', {'>', '$2', 100}, {'==', '$1', j}},
              {'andalso', '$2', true}, {'orelse', '$2', true}, {'==', {element, 1, '$_'}, k},
              {'==', {map_get, nokey, '$5'}, 1}, true, false, {const, true}],
    [[Q(B) || B <- Bodies], [G(Gd) || Gd <- Guards],
     lists:sort(ets:select(T, [{{'$1', '$2', '_', '_', '_', '_'}, [], [{hd, '$1'}]}])),
     lists:sort(ets:select(T, [{{'$1', '$2', '_', '_', '_', '_'}, [{'>', '$2', 0}], ['$1', '$2']}])),
     ets:select(T, [{{'$1', '$1', '_', '_', '_', '_'}, [], ['$1']}]),
     lists:sort(ets:select(T, [{{'$1', '_', ['$2' | '_'], '_', #{m => '$3'}, '_'}, [], [{{'$2', '$3'}}]}])),
     lists:sort(ets:select(T, [{'$1', [], [{element, 2, '$1'}]}])),
     ets:select(T, [{notatuple, [], [true]}]), ets:select(T, []),
     lists:sort(ets:select(T, [{{'$1', '_', '_', '_', '_', '_'}, [], ['$01']}]))].

standalone() ->
    MS = ets:match_spec_compile([{{'$1', '$2'}, [{is_integer, '$2'}], [{{'$2', '$1'}}]},
                                 {[hd | '$1'], [], ['$1']},
                                 {'$1', [{is_atom, '$1'}], [{{atom, '$1'}}]}]),
    R1 = ets:match_spec_run([{a, 1}, {b, x}, [hd, 1, 2], zz, 7, {c, -5}], MS),
    R2 = ets:is_compiled_ms(MS),
    R3 = [ets:is_compiled_ms(X) || X <- [make_ref(), [], {a}, MS]],
    R4 = err(fun() -> ets:match_spec_compile([{'_', [], foo}]) end),
    R5 = err(fun() -> ets:match_spec_run([a], not_compiled) end),
    R6 = ets:match_spec_run([], MS),
    R7 = ets:match_spec_run([{a}], ets:match_spec_compile([{{'$1'}, [], [{hd, '$1'}]}])),
    R8 = ets:test_ms({a, b}, [{{'$1', '$2'}, [], ['$$']}]),
    R9 = ets:test_ms({a, b}, [{{'$1', '$2'}, [{is_integer, '$1'}], ['$$']}]),
    R10 = ets:test_ms({a, b}, [{{'$1', '$2'}, [], ['$3']}]),
    R11 = ets:test_ms({person, 33}, ets:fun2ms(fun({person, A}) when A > 18 -> adult end)),
    R12 = ets:test_ms({x, [1, 2]}, [{{x, '$1'}, [], [{length, '$1'}, {hd, '$1'}]}]),
    [R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12].

bad_specs() ->
    T = ets:new(b, []),
    ets:insert(T, {k, 1, 2}),
    Bad = [x, {}, [x], [{}], [{'_', [], []}], [{'_', [], [true], extra}],
           [{'_', foo, [true]}], [{'_', [], foo}], [{'_', [foo | bar], [true]}],
           [{'$1', [], ['$2']}], [{'$1', [{'>', '$3', 1}], ['$1']}],
           [{'_', [], [{foo, 1}]}], [{'_', [], [{a}]}], [{'_', [], [{{{a}}}]}],
           [{'_', [], [{hd, 1, 2}]}], [{'_', [], [{message, 1}]}],
           [{'_', [], [{is_seq_trace}]}], [{'_', [], [{tuple_size, '$_'}]}],
           [{'_', [], [{min, 1, 2}]}], [{'_', [], [{1, 2}]}],
           [{'_', [], ['$0']}], [{'_', [], [true]} | x]],
    [[err(fun() -> ets:select(T, B) end) || B <- Bad],
     [err(fun() -> ets:select_count(T, B) end) || B <- Bad],
     [err(fun() -> ets:select(T, B, 1) end) || B <- Bad],
     err(fun() -> ets:select_replace(T, [{{'$1', '$2', '$3'}, [], [{{x, '$2', '$3'}}]}]) end),
     err(fun() -> ets:select_replace(T, [{{'$1', '$2', '$3'}, [], [foo]}]) end),
     err(fun() -> ets:select_replace(T, [{'_', [], ['$_']}]) end),
     err(fun() -> ets:match(T, {'$1'}, 0) end),
     err(fun() -> ets:select(nosuchtab, [{'_', [], [true]}]) end)].
