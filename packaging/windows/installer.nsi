; PunchDesk installer, built on Linux with makensis (make windows):
;   makensis -DVERSION=0.1.0 -DSRC=dist/windows -DOUTFILE=dist/windows/PunchDesk-Setup-0.1.0.exe packaging/windows/installer.nsi
; A per-user install into %LOCALAPPDATA%\Programs\PunchDesk that needs no
; administrator rights, with Start menu (and optional desktop) shortcuts,
; punchctl.exe beside the app (optionally on the user's PATH), and an
; uninstaller in Apps & Features that keeps the database unless asked.
; Japanese and English, chosen from the Windows display language.

; PunchDesk is 64-bit only (Windows 10/11 x64), and so is its installer.
Target amd64-unicode
!include "MUI2.nsh"
!include "WordFunc.nsh"
!include "WinMessages.nsh"

!ifndef VERSION
  !error "pass -DVERSION=x.y.z"
!endif
!ifndef SRC
  !define SRC "../../dist/windows"
!endif
!ifndef OUTFILE
  !define OUTFILE "PunchDesk-Setup-${VERSION}.exe"
!endif

Name "PunchDesk"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\PunchDesk"
InstallDirRegKey HKCU "Software\PunchDesk" "InstallDir"
RequestExecutionLevel user
SetCompressor /SOLID lzma
BrandingText "PunchDesk ${VERSION}"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "PunchDesk"
VIAddVersionKey /LANG=0 "CompanyName" "PunchDesk"
VIAddVersionKey /LANG=0 "LegalCopyright" "© PunchDesk"
VIAddVersionKey /LANG=0 "FileDescription" "PunchDesk Setup"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"

!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\PunchDesk"

!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\punchdesk.exe"
!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

; The first language is the default when Windows' language is neither.
!insertmacro MUI_LANGUAGE "Japanese"
!insertmacro MUI_LANGUAGE "English"

LangString SecApp ${LANG_JAPANESE} "PunchDesk（必須）"
LangString SecApp ${LANG_ENGLISH} "PunchDesk (required)"
LangString SecDesktop ${LANG_JAPANESE} "デスクトップにショートカットを作る"
LangString SecDesktop ${LANG_ENGLISH} "Desktop shortcut"
LangString SecPath ${LANG_JAPANESE} "punchctl をコマンドから使えるようにする（PATH に追加）"
LangString SecPath ${LANG_ENGLISH} "Use punchctl from the command line (add to PATH)"
LangString UnSecData ${LANG_JAPANESE} "データベースと設定も削除する（打刻・出勤簿のデータが消えます）"
LangString UnSecData ${LANG_ENGLISH} "Also delete the database and settings (punches and attendance are lost)"
LangString ShortcutCtl ${LANG_JAPANESE} "PunchDesk コマンド (punchctl)"
LangString ShortcutCtl ${LANG_ENGLISH} "PunchDesk command line (punchctl)"

Function .onInit
  ; Silent installs (/S) and others follow the Windows display language.
  System::Call 'kernel32::GetUserDefaultUILanguage() i.r0'
  IntOp $0 $0 & 0x3FF
  ${If} $0 == 0x11
    StrCpy $LANGUAGE ${LANG_JAPANESE}
  ${Else}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
FunctionEnd

Function un.onInit
  Call un.pickLanguage
FunctionEnd

Function un.pickLanguage
  System::Call 'kernel32::GetUserDefaultUILanguage() i.r0'
  IntOp $0 $0 & 0x3FF
  ${If} $0 == 0x11
    StrCpy $LANGUAGE ${LANG_JAPANESE}
  ${Else}
    StrCpy $LANGUAGE ${LANG_ENGLISH}
  ${EndIf}
FunctionEnd

Section "!$(SecApp)" SecAppId
  SectionIn RO
  SetOutPath "$INSTDIR"
  File "${SRC}/punchdesk.exe"
  File "${SRC}/punchctl.exe"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateDirectory "$SMPROGRAMS\PunchDesk"
  CreateShortcut "$SMPROGRAMS\PunchDesk\PunchDesk.lnk" "$INSTDIR\punchdesk.exe"
  CreateShortcut "$SMPROGRAMS\PunchDesk\$(ShortcutCtl).lnk" "$SYSDIR\cmd.exe" '/k "cd /d "$INSTDIR" && punchctl --help"'
  WriteRegStr HKCU "Software\PunchDesk" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "PunchDesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "PunchDesk"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\punchdesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "$(SecDesktop)" SecDesktopId
  CreateShortcut "$DESKTOP\PunchDesk.lnk" "$INSTDIR\punchdesk.exe"
SectionEnd

Section /o "$(SecPath)" SecPathId
  ReadRegStr $0 HKCU "Environment" "Path"
  ${WordFind} "$0" ";" "E+1{" $1 ; any entry at all?
  StrCpy $1 ";$0;"
  ${WordFind} "$1" ";$INSTDIR;" "E#" $2
  ${If} ${Errors}
    ${If} $0 == ""
      WriteRegExpandStr HKCU "Environment" "Path" "$INSTDIR"
    ${Else}
      WriteRegExpandStr HKCU "Environment" "Path" "$0;$INSTDIR"
    ${EndIf}
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  ${EndIf}
  WriteRegDWORD HKCU "Software\PunchDesk" "OnPath" 1
SectionEnd

Section "un.PunchDesk" UnSecAppId
  SectionIn RO
  Delete "$INSTDIR\punchdesk.exe"
  Delete "$INSTDIR\punchctl.exe"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\PunchDesk\*.lnk"
  RMDir "$SMPROGRAMS\PunchDesk"
  Delete "$DESKTOP\PunchDesk.lnk"
  ReadRegDWORD $0 HKCU "Software\PunchDesk" "OnPath"
  ${If} $0 == 1
    ReadRegStr $1 HKCU "Environment" "Path"
    StrCpy $1 ";$1;"
    ${WordReplace} "$1" ";$INSTDIR;" ";" "+" $1
    ; drop the separators added above
    StrCpy $2 $1 1
    ${If} $2 == ";"
      StrCpy $1 $1 "" 1
    ${EndIf}
    StrCpy $2 $1 1 -1
    ${If} $2 == ";"
      StrCpy $1 $1 -1
    ${EndIf}
    WriteRegExpandStr HKCU "Environment" "Path" "$1"
    SendMessage ${HWND_BROADCAST} ${WM_SETTINGCHANGE} 0 "STR:Environment" /TIMEOUT=2000
  ${EndIf}
  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DeleteRegKey HKCU "Software\PunchDesk"
SectionEnd

; Unticked by default, also in a silent uninstall: the database is the
; site's attendance record and stays unless someone asks.
Section /o "un.$(UnSecData)" UnSecDataId
  RMDir /r "$APPDATA\punchdesk"
  RMDir /r "$APPDATA\fyne\jp.punchdesk.app"
SectionEnd
