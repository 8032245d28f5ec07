-module(ets_junk).
-export([test/0]).
%% Every ets function fed junk: tables that are not tables, keys, objects,
%% match specifications, limits and options of the wrong kinds.  Each call
%% must give what OTP 25 gives (mostly badarg), never a crash.  Lists are
%% sorted and hash-table keys from first/next are reduced to "a key": the
%% keys are mostly atoms, whose OTP hash is not ours (hash order: see
%% README).

err(F) ->
    case catch F() of
        {'EXIT', {R, _}} -> R;
        V when is_reference(V) -> ref;
        V when is_list(V) -> {ok, lists:sort(V)};
        {L, C} when is_list(L) -> {ok, lists:sort(L), is_tuple(C) orelse C};
        V -> {ok, V}
    end.

vals(Dead) ->
    [Dead, x, 1, -1, 0, 1.5, [], [a | b], {}, {a}, {a, b}, {1, 2, 3}, <<"b">>,
     self(), make_ref(), "abc", #{a => 1}, [{a, 1}], [{'_', [], [true]}],
     [{{'$1', '_'}, [], ['$1']}], '$end_of_table', [{a} | x], {heir, none},
     {2, 1}, [{2, 1}], fun() -> ok end, 1 bsl 70].

test() ->
    T = ets:new(t, [set, public]),
    O = ets:new(o, [ordered_set, public]),
    Dead = ets:new(dead, []),
    ets:delete(Dead),
    Fill = fun() ->
                   ets:delete_all_objects(T), ets:delete_all_objects(O),
                   ets:insert(T, [{a, 1}, {b, 2, 3}]), ets:insert(O, [{a, 1}, {b, 2, 3}])
           end,
    Vs = vals(Dead),
    F1 = [fun ets:delete/1, fun ets:first/1, fun ets:last/1, fun ets:info/1,
          fun ets:is_compiled_ms/1, fun ets:match_spec_compile/1, fun ets:select/1,
          fun ets:match/1, fun ets:match_object/1, fun ets:whereis/1, fun ets:tab2list/1,
          fun ets:delete_all_objects/1, fun ets:select_reverse/1],
    F2 = [fun ets:new/2, fun ets:delete/2, fun ets:delete_object/2, fun ets:insert/2,
          fun ets:insert_new/2, fun ets:lookup/2, fun ets:member/2, fun ets:rename/2,
          fun ets:safe_fixtable/2, fun ets:select/2, fun ets:select_count/2,
          fun ets:select_delete/2, fun ets:select_replace/2, fun ets:select_reverse/2,
          fun ets:setopts/2, fun ets:slot/2, fun ets:take/2, fun ets:match/2,
          fun ets:match_object/2, fun ets:info/2, fun ets:match_spec_run/2,
          fun ets:match_delete/2, fun ets:test_ms/2, fun ets:next/2, fun ets:prev/2],
    F3 = [fun ets:update_counter/3, fun ets:update_element/3, fun ets:lookup_element/3,
          fun ets:select/3, fun ets:match/3, fun ets:give_away/3,
          fun ets:select_reverse/3, fun ets:match_object/3],
    R1 = [err(fun() -> F(A) end) || F <- F1, A <- Vs],
    R2 = [begin Fill(), hashed(F, A, err(fun() -> F(A, B) end)) end
          || F <- F2, A <- [T, O, x, 1, Dead], B <- Vs],
    R3 = [begin Fill(), hashed(F, A, err(fun() -> F(A, B, C) end)) end
          || F <- F3, A <- [T, O, 1], B <- [a, b, zz], C <- Vs],
    R4 = [begin Fill(), err(fun() -> ets:update_counter(A, B, C, D) end) end
          || A <- [T, O], B <- [a, zz], C <- [1, {2, 1}, [{2, 1}], x],
             D <- [{zz, 0}, {zz}, x, {zz, 0, 0}]],
    [R1, R2, R3, R4].

%% next/prev/slot on a hash table: only whether a key came back.
hashed(F, Tab, R) ->
    case {erlang:fun_info(F, name), catch ets:info(Tab, type)} of
        {{name, N}, set} when N == next; N == prev; N == slot ->
            case R of {ok, K} when K =/= '$end_of_table' -> {ok, a_key}; _ -> R end;
        _ -> R
    end.
