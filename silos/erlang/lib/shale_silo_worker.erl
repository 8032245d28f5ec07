%% shale_silo_worker: a native silo as the child of an OTP supervisor
%% (silos/erlang/README.md, "Supervising silos").  start_link(Name,
%% Manifest) brings the silo up (starts it from Manifest, restarts it if
%% silod knows it stopped, or adopts it if it already runs), monitors it
%% and returns {ok, Pid}; the worker ends with {silo_down, Name, Reason}
%% when the silo goes down, so its supervisor starts it again:
%%
%%   supervisor:start_link(shale_silo_worker, {one_for_one, [{httpd,
%%       "boot:/silos/httpd.silo"}]})
%%
%% is a whole supervisor (init/1 below); any supervisor can instead name
%% {shale_silo_worker, start_link, [Name, Manifest]} in a child spec.
-module(shale_silo_worker).
-export([start_link/2, init/1, child_spec/2]).
-export([run/3]).

%% A supervisor child spec for the silo Name.
child_spec(Name, Manifest) ->
    #{id => Name, start => {?MODULE, start_link, [Name, Manifest]},
      restart => permanent, type => worker}.

%% {ok, Pid} once the silo runs, or {error, {Code, Message}}.
start_link(Name, Manifest) ->
    proc_lib:start_link(?MODULE, run, [self(), Name, Manifest]).

%% The supervisor callback: {Strategy, [{Name, Manifest}]}, at most 5
%% restarts in 10 s (OTP's counting) before the supervisor gives up.
init({Strategy, Silos}) ->
    {ok, {#{strategy => Strategy, intensity => 5, period => 10},
          [child_spec(N, M) || {N, M} <- Silos]}}.

run(Parent, Name, Manifest) ->
    case up(Name, Manifest) of
        ok ->
            Ref = shale_silo:monitor(Name),
            proc_lib:init_ack(Parent, {ok, self()}),
            receive
                {'DOWN', Ref, silo, Name, Why} ->
                    exit({silo_down, Name, Why})
            end;
        {error, _} = E ->
            proc_lib:init_ack(Parent, E),
            exit(normal)
    end.

up(Name, Manifest) ->
    State = [S || #{name := N, state := S} <- shale_silo:list(), N =:= Name],
    case State of
        [S] when S =:= running; S =:= starting; S =:= suspended -> ok;
        [_] -> shale_silo:restart(Name);
        [] ->
            case shale_silo:start(Manifest) of
                {ok, _} -> ok;
                {error, {eexist, _}} -> ok;
                E -> E
            end
    end.
