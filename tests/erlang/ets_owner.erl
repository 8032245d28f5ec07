-module(ets_owner).
-export([test/0]).
%% ETS ownership across processes: access rights (public, protected,
%% private), the owner's exit deleting its tables, heirs and
%% 'ETS-TRANSFER', give_away, setopts, named tables (whereis, all,
%% rename), and fixation.

err(F) -> case catch F() of {'EXIT', {R, _}} -> R; V -> {ok, V} end.

%% Runs F in another process and returns its result.
other(F) ->
    Self = self(),
    Ref = make_ref(),
    spawn(fun() -> Self ! {Ref, err(F)} end),
    receive {Ref, R} -> R after 2000 -> timeout end.

test() ->
    [access(), owner_exit(), heirs(), heir_rules(), give_away(), named(), fixing()].

%% An heir that is not alive is none; one that dies later stays named;
%% setopts takes the heir option once.
heir_rules() ->
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    T1 = ets:new(t1, [{heir, Dead, x}]),
    T2 = ets:new(t2, []),
    S1 = ets:setopts(T2, {heir, Dead, 1}),
    P = spawn(fun() -> receive _ -> ok end end),
    T3 = ets:new(t3, [{heir, P, y}]),
    exit(P, kill),
    wait_dead(P),
    [ets:info(T1, heir), S1, ets:info(T2, heir), ets:info(T3, heir) == P,
     err(fun() -> ets:setopts(T2, [{heir, none}, {heir, none}]) end),
     err(fun() -> ets:setopts(T2, [{heir, self(), 1}, {heir, self(), 2}]) end),
     err(fun() -> ets:setopts(T2, []) end),
     ets:info(ets:new(t4, [{heir, self(), 1}, {heir, none}, {heir, self(), 2}]), heir) == self()].

access() ->
    Pub = ets:new(pub, [public]),
    Pro = ets:new(pro, [protected]),
    Pri = ets:new(pri, [private]),
    [ets:insert(T, {k, 1}) || T <- [Pub, Pro, Pri]],
    Ops = fun(T) ->
                  [other(fun() -> ets:lookup(T, k) end),
                   other(fun() -> ets:insert(T, {k2, 2}) end),
                   other(fun() -> ets:member(T, k) end),
                   other(fun() -> lists:sort(ets:select(T, [{'_', [], ['$_']}])) end),  % atom keys: hash order, see README
                   other(fun() -> lists:sort(ets:match_object(T, '_')) end),
                   other(fun() -> lists:member(ets:first(T), [k, k2]) end),
                   other(fun() -> ets:update_counter(T, k, 1) end),
                   other(fun() -> ets:delete(T, k2) end),
                   other(fun() -> ets:info(T, size) end),
                   other(fun() -> ets:info(T, protection) end),
                   other(fun() -> ets:give_away(T, self(), x) end),
                   other(fun() -> ets:setopts(T, {heir, none}) end),
                   other(fun() -> ets:select_count(T, [{'_', [], [true]}]) end),
                   other(fun() -> ets:select_delete(T, [{'_', [], [false]}]) end),
                   other(fun() -> ets:safe_fixtable(T, true) end),
                   ets:lookup(T, k)]
          end,
    R = [Ops(T) || T <- [Pub, Pro, Pri]],
    Del = [other(fun() -> ets:delete(T) end) || T <- [Pro, Pri]],
    Still = [ets:info(T, size) || T <- [Pub, Pro, Pri]],
    [R, Del, Still].

owner_exit() ->
    Self = self(),
    {Pid, Mon} = spawn_monitor(fun() ->
                                       T = ets:new(mine, [public]),
                                       N = ets:new(mine_named, [named_table, public]),
                                       ets:insert(T, {a, 1}),
                                       Self ! {tab, T, N},
                                       receive go -> ok end
                               end),
    {T, N} = receive {tab, T0, N0} -> {T0, N0} end,
    Before = [ets:lookup(T, a), ets:info(N, named_table), ets:info(T, owner) == Pid],
    Pid ! go,
    receive {'DOWN', Mon, process, Pid, _} -> ok end,
    After = [ets:info(T), ets:info(N), err(fun() -> ets:lookup(T, a) end),
             err(fun() -> ets:insert(N, {x}) end), ets:whereis(mine_named)],
    %% the name is free again
    N2 = ets:new(mine_named, [named_table]),
    [Before, After, N2, ets:delete(N2)].

heirs() ->
    Self = self(),
    {Pid, Mon} = spawn_monitor(fun() ->
                                       T = ets:new(h, [{heir, Self, {gift, 1}}]),
                                       ets:insert(T, [{a, 1}, {b, <<"bin">>}]),
                                       Self ! {tab, T},
                                       receive go -> ok end
                               end),
    T = receive {tab, T0} -> T0 end,
    H1 = [ets:info(T, heir) == Self, ets:info(T, owner) == Pid],
    Pid ! go,
    %% the transfer comes before the DOWN message
    First = receive M1 -> M1 end,
    Second = receive M2 -> M2 end,
    Msgs = case {First, Second} of
               {{'ETS-TRANSFER', T, Pid, Gift}, {'DOWN', Mon, process, Pid, normal}} ->
                   {transfer_then_down, Gift};
               _ -> {unexpected, First, Second}
           end,
    H2 = [ets:info(T, owner) == Self, ets:info(T, heir) == Self,
          lists:sort(ets:tab2list(T)), ets:insert(T, {c, 3}), ets:info(T, size)],
    %% an heir that is gone: the table goes with its owner
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    {P2, M2r} = spawn_monitor(fun() ->
                                      T2 = ets:new(h2, [{heir, Dead, x}]),
                                      Self ! {tab, T2}
                              end),
    T2 = receive {tab, X2} -> X2 end,
    receive {'DOWN', M2r, process, P2, _} -> ok end,
    H3 = ets:info(T2),
    %% heir none, and setopts changes the heir
    {P3, M3} = spawn_monitor(fun() ->
                                     T3 = ets:new(h3, [{heir, Self, one}, {heir, none}]),
                                     R1 = ets:info(T3, heir),
                                     ets:setopts(T3, {heir, Self, two}),
                                     R2 = ets:info(T3, heir) == Self,
                                     ets:setopts(T3, [{heir, none}]),
                                     R3 = ets:info(T3, heir),
                                     ets:setopts(T3, [{heir, Self, three}]),
                                     R4 = [err(fun() -> ets:setopts(T3, {heir, x, y}) end),
                                           err(fun() -> ets:setopts(T3, {keypos, 2}) end),
                                           err(fun() -> ets:setopts(T3, [{heir, none} | x]) end)],
                                     Self ! {tab, T3, [R1, R2, R3, R4]}
                             end),
    {T3, H4} = receive {tab, X3, L3} -> {X3, L3} end,
    receive {'DOWN', M3, process, P3, _} -> ok end,
    H5 = receive {'ETS-TRANSFER', T3, P3, G3} -> G3 after 1000 -> none end,
    %% the heir's own exit changes nothing for a table it does not own
    [H1, Msgs, H2, H3, H4, H5, ets:info(T3, owner) == Self].

wait_dead(P) ->
    case is_process_alive(P) of
        true -> receive after 1 -> wait_dead(P) end;
        false -> ok
    end.

give_away() ->
    Self = self(),
    T = ets:new(g, [protected]),
    ets:insert(T, {a, 1}),
    Rcv = spawn(fun() ->
                        receive
                            {'ETS-TRANSFER', Tab, From, Data} ->
                                Ins = ets:insert(Tab, {b, 2}),
                                Self ! {got, Tab == T, From == Self, Data, Ins,
                                        ets:info(Tab, owner) == self()},
                                receive stop -> ok end
                        end
                end),
    G1 = ets:give_away(T, Rcv, {some, data}),
    Got = receive {got, _, _, _, _, _} = M -> M after 2000 -> timeout end,
    G2 = [err(fun() -> ets:insert(T, {c, 3}) end), lists:sort(ets:tab2list(T)),
          err(fun() -> ets:give_away(T, Self, x) end),
          ets:info(T, owner) == Rcv],
    Own = ets:new(g2, []),
    Dead = spawn(fun() -> ok end),
    wait_dead(Dead),
    G3 = [err(fun() -> ets:give_away(Own, self(), x) end),
          err(fun() -> ets:give_away(Own, Dead, x) end),
          err(fun() -> ets:give_away(Own, notapid, x) end),
          err(fun() -> ets:give_away(nosuch, Rcv, x) end)],
    Mon = monitor(process, Rcv),
    Rcv ! stop,
    receive {'DOWN', Mon, _, _, _} -> ok end,
    G4 = ets:info(T),
    %% named: the message carries the name
    N = ets:new(gnamed, [named_table]),
    Rcv2 = spawn(fun() -> receive {'ETS-TRANSFER', Tab, _, D} -> Self ! {got2, Tab, D} end end),
    ets:give_away(N, Rcv2, d),
    G5 = receive {got2, _, _} = M2 -> M2 after 2000 -> timeout end,
    [G1, Got, G2, G3, G4, G5].

named() ->
    N = ets:new(nt, [named_table, set]),
    R1 = [N, ets:insert(nt, {a, 1}), ets:lookup(nt, a), err(fun() -> ets:new(nt, [named_table]) end)],
    W = ets:whereis(nt),
    R2 = [is_reference(W), ets:lookup(W, a), ets:info(W, name), ets:whereis(nosuch_table),
          err(fun() -> ets:whereis("nt") end)],
    U = ets:new(nt, []),  % an unnamed table may share the name
    All = ets:all(),
    R3 = [lists:member(nt, All), lists:member(U, All), lists:member(W, All), ets:info(U, name)],
    R4 = [ets:rename(nt, nt2), ets:info(nt2, name), err(fun() -> ets:lookup(nt, a) end),
          ets:lookup(nt2, a), ets:rename(U, other) == U, ets:info(U, name),
          ets:whereis(nt) == undefined, ets:whereis(nt2) == W],
    N3 = ets:new(nt3, [named_table]),
    R5 = [err(fun() -> ets:rename(nt2, nt3) end), err(fun() -> ets:rename(nt2, "x") end),
          err(fun() -> ets:rename(nt2, nt2) end)],
    R6 = [ets:delete(nt2), ets:delete(N3), ets:info(nt2), lists:member(nt2, ets:all())],
    [R1, R2, R3, R4, R5, R6].

fixing() ->
    T = ets:new(f, [set]),
    ets:insert(T, [{I, I} || I <- lists:seq(1, 200)]),
    F0 = ets:info(T, fixed),
    true = ets:safe_fixtable(T, true),
    F1 = ets:info(T, fixed),
    {_, [{Pid, 1}]} = ets:info(T, safe_fixed),
    %% delete every object while walking: each key is still seen once
    Seen = walk_delete(T, ets:first(T)),
    true = ets:safe_fixtable(T, false),
    F2 = [ets:info(T, fixed), ets:info(T, safe_fixed), ets:info(T, size)],
    ets:insert(T, [{I, I} || I <- lists:seq(1, 100)]),
    Sum = ets:foldl(fun({K, _}, Acc) -> ets:delete(T, K), Acc + K end, 0, T),
    Sum2 = ets:foldr(fun({K, V}, Acc) -> K + V + Acc end, 0, T),
    ets:insert(T, [{I, I} || I <- lists:seq(1, 10)]),
    Sum3 = ets:foldr(fun({K, V}, Acc) -> K * V + Acc end, 0, T),
    %% a fixing process's exit releases its fixation
    Self = self(),
    {P, M} = spawn_monitor(fun() -> ets:safe_fixtable(T, true), Self ! fixed end),
    receive fixed -> ok end,
    receive {'DOWN', M, process, P, _} -> ok end,
    F3 = ets:info(T, fixed),
    E = [err(fun() -> ets:safe_fixtable(T, maybe) end),
         err(fun() -> ets:safe_fixtable(nosuch, true) end)],
    [F0, F1, Pid == self(), Seen, F2, Sum, Sum2, Sum3, F3, E].

walk_delete(_, '$end_of_table') -> [];
walk_delete(T, K) ->
    ets:delete(T, K),
    [K | walk_delete(T, ets:next(T, K))].
