%% shale_silo: native silos seen from Erlang (silos/erlang/README.md,
%% "Supervising silos").  list/0, start/1, stop/1, kill/1 and restart/1
%% are silod's requests (the silo's manifest must grant `uses = silo`);
%% monitor/1, link/1 and subscribe/0 turn silod's event feed into Erlang
%% messages.  A manager process, registered as shale_silo and started on
%% first use, follows the feed (the BIFs of shale_siloctl, bif_silo.c: the
%% scheduler sends it `shale_silo_event` when silod reported something,
%% so nothing polls) and keeps the monitors, links and subscribers.
-module(shale_silo).
-export([list/0, start/1, stop/1, kill/1, restart/1,
         monitor/1, demonitor/1, link/1, unlink/1, subscribe/0,
         unsubscribe/0]).
-export([init/1]).

%% [#{name, id, state, restarts, programs, policy}]: every silo silod
%% knows, in start order; {error, Code} without the `silo` entry.
list() ->
    case shale_siloctl:list() of
        {error, _} = E -> E;
        L -> [#{name => N, id => Id, state => state(S), restarts => R,
                programs => P, policy => policy(Pol)}
              || {N, Id, S, R, P, Pol} <- L]
    end.

%% {ok, Id} | {error, {Code, Message}}: starts the silo a manifest
%% describes ("boot:/silos/httpd.silo").  Code is eexist when a silo of
%% that name runs, ebadmsg with "file:line: problem" for a bad manifest.
start(Manifest) -> ctl(start, Manifest).

%% ok | {error, {Code, Message}}: the orderly stop (servers are told to
%% finish), the kill at once, and a restart of the silo's programs (or of
%% a stopped or failed silo).  Name: an atom or a string.
stop(Name) -> ok_of(ctl(stop, Name)).
kill(Name) -> ok_of(ctl(kill, Name)).
restart(Name) -> ok_of(ctl(restart, Name)).

%% Ref: {'DOWN', Ref, silo, Name, Reason} comes once when the silo's
%% program exits or faults, or the silo is stopped, killed or given up on
%% (noproc at once when it is not running).  Reason: {exit, Code},
%% {fault, Kind, Addr}, killed, stopped, failed, noproc.
monitor(Name) ->
    Ref = make_ref(),
    call({monitor, self(), Ref, name(Name)}),
    Ref.

%% true: no 'DOWN' for Ref comes after this returns.
demonitor(Ref) when is_reference(Ref) ->
    call({demonitor, self(), Ref}),
    receive {'DOWN', Ref, silo, _, _} -> true after 0 -> true end.

%% true: when the silo goes down as monitor/1 says, the caller gets the
%% exit signal {silo, Name, Reason} from the shale_silo manager, as from
%% a linked process: {'EXIT', Manager, {silo, Name, Reason}} when it traps
%% exits, else it ends.  noproc at once when the silo is not running.
link(Name) ->
    call({link, self(), name(Name)}),
    true.

unlink(Name) ->
    call({unlink, self(), name(Name)}),
    true.

%% ok: every event of every silo comes as {silo_event, Name, Event}:
%% start, {restart, Pid}, {exit, Pid, Code}, {fault, Pid, Kind, Addr},
%% killed, stopped, failed, noprog.
subscribe() -> call({subscribe, self()}).
unsubscribe() -> call({unsubscribe, self()}).

%% ---- the manager -------------------------------------------------------

ctl(Op, What) ->
    case shale_siloctl:ctl(Op, What) of
        {ok, N} -> {ok, N};
        {error, Code, Msg} -> {error, {Code, binary_to_list(Msg)}}
    end.

ok_of({ok, _}) -> ok;
ok_of(E) -> E.

name(N) when is_atom(N) -> N;
name(N) when is_list(N); is_binary(N) ->
    list_to_atom(unicode:characters_to_list(N)).

call(Req) ->
    M = manager(),
    Ref = erlang:monitor(process, M),
    M ! {Req, self(), Ref},
    receive
        {Ref, Reply} ->
            erlang:demonitor(Ref, [flush]),
            case Reply of
                {error, R} -> erlang:error(R);
                _ -> Reply
            end;
        {'DOWN', Ref, process, _, Why} -> erlang:error({shale_silo, Why})
    end.

manager() ->
    case whereis(shale_silo) of
        undefined ->
            Me = self(),
            Pid = spawn(?MODULE, init, [Me]),
            receive
                {Pid, ok} -> Pid;
                {Pid, {error, R}} -> erlang:error(R);
                {Pid, taken} -> manager()
            end;
        Pid -> Pid
    end.

-record(st, {mons = [],   % {Ref, Pid, Name}
             links = [],  % {Pid, Name}
             subs = [],   % Pid
             watched = #{}}). % Pid => monitor ref

init(Parent) ->
    case catch register(shale_silo, self()) of
        true ->
            case shale_siloctl:watch() of
                ok ->
                    Parent ! {self(), ok},
                    loop(#st{});
                {error, Code} ->
                    Parent ! {self(), {error, {silod_events, Code}}}
            end;
        _ -> Parent ! {self(), taken}
    end.

loop(St) ->
    receive
        shale_silo_event ->
            loop(lists:foldl(fun event/2, St, shale_siloctl:take()));
        {Req, From, Ref} ->
            {Reply, St1} = request(Req, St),
            From ! {Ref, Reply},
            loop(St1);
        {'DOWN', _, process, Pid, _} ->
            loop(forget(Pid, St));
        _ -> loop(St)
    end.

request({monitor, Pid, Ref, Name}, St) ->
    case running(Name) of
        true -> {ok, watch(Pid, St#st{mons = [{Ref, Pid, Name} | St#st.mons]})};
        false -> Pid ! {'DOWN', Ref, silo, Name, noproc}, {ok, St}
    end;
request({demonitor, _Pid, Ref}, St) ->
    {ok, St#st{mons = lists:keydelete(Ref, 1, St#st.mons)}};
request({link, Pid, Name}, St) ->
    case running(Name) of
        true -> {ok, watch(Pid, St#st{links = [{Pid, Name} | St#st.links -- [{Pid, Name}]]})};
        false -> exit(Pid, {silo, Name, noproc}), {ok, St}
    end;
request({unlink, Pid, Name}, St) ->
    {ok, St#st{links = St#st.links -- [{Pid, Name}]}};
request({subscribe, Pid}, St) ->
    {ok, watch(Pid, St#st{subs = [Pid | St#st.subs -- [Pid]]})};
request({unsubscribe, Pid}, St) ->
    {ok, St#st{subs = St#st.subs -- [Pid]}};
request(_, St) ->
    {{error, badarg}, St}.

running(Name) ->
    case shale_siloctl:list() of
        {error, Code} -> erlang:error({silod, Code});
        L -> lists:any(fun({N, _, S, _, _, _}) -> N =:= Name andalso S =< 2 end, L)
    end.

watch(Pid, St = #st{watched = W}) ->
    case W of
        #{Pid := _} -> St;
        _ -> St#st{watched = W#{Pid => erlang:monitor(process, Pid)}}
    end.

forget(Pid, St) ->
    St#st{mons = [M || M = {_, P, _} <- St#st.mons, P =/= Pid],
          links = [L || L = {P, _} <- St#st.links, P =/= Pid],
          subs = St#st.subs -- [Pid],
          watched = maps:remove(Pid, St#st.watched)}.

%% silo_ctl.h's numbers as Erlang terms.
-define(EV_START, 1). -define(EV_EXIT, 2). -define(EV_FAULT, 3).
-define(EV_RESTART, 4). -define(EV_GIVEUP, 5). -define(EV_STOPPED, 6).
-define(EV_NOPROG, 7).

event({_Seq, Name, Kind, Reason, Code, Pid, Addr}, St) ->
    Ev = case Kind of
             ?EV_START -> start;
             ?EV_EXIT -> {exit, Pid, Code};
             ?EV_FAULT -> {fault, Pid, fault_kind(Reason), Addr};
             ?EV_RESTART -> {restart, Pid};
             ?EV_GIVEUP -> failed;
             ?EV_STOPPED when Reason =:= 1 -> killed;
             ?EV_STOPPED -> stopped;
             ?EV_NOPROG -> noprog;
             _ -> {unknown, Kind}
         end,
    [S ! {silo_event, Name, Ev} || S <- St#st.subs],
    case down_reason(Ev) of
        none -> St;
        Why -> down(Name, Why, St)
    end.

down_reason({exit, _, Code}) -> {exit, Code};
down_reason({fault, _, K, A}) -> {fault, K, A};
down_reason(killed) -> killed;
down_reason(stopped) -> stopped;
down_reason(failed) -> failed;
down_reason(_) -> none.

down(Name, Why, St) ->
    {Ms, Keep} = lists:partition(fun({_, _, N}) -> N =:= Name end, St#st.mons),
    [P ! {'DOWN', R, silo, Name, Why} || {R, P, _} <- Ms],
    {Ls, KeepL} = lists:partition(fun({_, N}) -> N =:= Name end, St#st.links),
    [exit(P, {silo, Name, Why}) || {P, _} <- Ls],
    St#st{mons = Keep, links = KeepL}.

fault_kind(1) -> data;
fault_kind(2) -> insn;
fault_kind(3) -> undef;
fault_kind(4) -> align;
fault_kind(_) -> other.

state(0) -> starting;
state(1) -> running;
state(2) -> suspended;
state(3) -> stopping;
state(4) -> stopped;
state(5) -> failed;
state(6) -> exited;
state(N) -> N.

policy(1) -> permanent;
policy(2) -> transient;
policy(3) -> temporary;
policy(N) -> N.
