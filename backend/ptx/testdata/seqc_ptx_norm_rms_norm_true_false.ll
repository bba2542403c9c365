source_filename = "seqc-ptx"
target datalayout = "e-i64:64-i128:128-v16:16-v32:32-n16:32:64"
target triple = "nvptx64-nvidia-cuda"

@seqc_ptx_norm_rms_norm_true_false_sh1 = internal addrspace(3) global [256 x float] undef, align 16
@seqc_ptx_norm_rms_norm_true_false_sh2 = internal addrspace(3) global [256 x float] undef, align 16

define ptx_kernel void @seqc_ptx_norm_rms_norm_true_false(i64 %i0, i64 %i1, float addrspace(1)* nocapture %p0, float addrspace(1)* nocapture %p1, float addrspace(1)* nocapture %p2, float addrspace(1)* nocapture %p3) nounwind {
entry:
	%0 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()
	%1 = zext i32 %0 to i64
	%2 = call i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()
	%3 = zext i32 %2 to i64
	%4 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()
	%5 = zext i32 %4 to i64
	%6 = call i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()
	%7 = zext i32 %6 to i64
	%8 = mul i64 %1, %i0
	%9 = sitofp i64 %i0 to float
	%10 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%11 = zext i32 %10 to i64
	%12 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%13 = zext i32 %12 to i64
	%14 = mul i64 %13, 256
	%15 = add i64 %14, %11
	%16 = icmp slt i64 %15, %i0
	br i1 %16, label %loop.1, label %loop.exit.2

loop.1:
	%17 = phi i64 [ %15, %entry ], [ %24, %loop.1 ]
	%18 = phi float [ 0.0, %entry ], [ %23, %loop.1 ]
	%19 = add i64 %8, %17
	%20 = getelementptr float, float addrspace(1)* %p0, i64 %19
	%21 = load float, float addrspace(1)* %20, align 4
	%22 = fsub float %21, 0.0
	%23 = call float @llvm.fmuladd.f32(float %22, float %22, float %18)
	%24 = add i64 %17, 256
	%25 = icmp slt i64 %24, %i0
	br i1 %25, label %loop.1, label %loop.exit.2

loop.exit.2:
	%26 = phi float [ 0.0, %entry ], [ %23, %loop.1 ]
	%27 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %15
	store float %26, float addrspace(3)* %27, align 4
	call void @llvm.nvvm.barrier0()
	%28 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%29 = zext i32 %28 to i64
	%30 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%31 = zext i32 %30 to i64
	%32 = mul i64 %31, 256
	%33 = add i64 %32, %29
	%34 = icmp slt i64 %33, 128
	br i1 %34, label %if.3, label %if.join.4

if.3:
	%35 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %33
	%36 = load float, float addrspace(3)* %35, align 4
	%37 = add i64 %33, 128
	%38 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %37
	%39 = load float, float addrspace(3)* %38, align 4
	%40 = fadd float %36, %39
	%41 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %33
	store float %40, float addrspace(3)* %41, align 4
	br label %if.join.4

if.join.4:
	call void @llvm.nvvm.barrier0()
	%42 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%43 = zext i32 %42 to i64
	%44 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%45 = zext i32 %44 to i64
	%46 = mul i64 %45, 256
	%47 = add i64 %46, %43
	%48 = icmp slt i64 %47, 64
	br i1 %48, label %if.5, label %if.join.6

if.5:
	%49 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %47
	%50 = load float, float addrspace(3)* %49, align 4
	%51 = add i64 %47, 64
	%52 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %51
	%53 = load float, float addrspace(3)* %52, align 4
	%54 = fadd float %50, %53
	%55 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %47
	store float %54, float addrspace(3)* %55, align 4
	br label %if.join.6

if.join.6:
	call void @llvm.nvvm.barrier0()
	%56 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%57 = zext i32 %56 to i64
	%58 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%59 = zext i32 %58 to i64
	%60 = mul i64 %59, 256
	%61 = add i64 %60, %57
	%62 = icmp slt i64 %61, 32
	br i1 %62, label %if.7, label %if.join.8

if.7:
	%63 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %61
	%64 = load float, float addrspace(3)* %63, align 4
	%65 = add i64 %61, 32
	%66 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %65
	%67 = load float, float addrspace(3)* %66, align 4
	%68 = fadd float %64, %67
	%69 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %61
	store float %68, float addrspace(3)* %69, align 4
	br label %if.join.8

if.join.8:
	call void @llvm.nvvm.barrier0()
	%70 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%71 = zext i32 %70 to i64
	%72 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%73 = zext i32 %72 to i64
	%74 = mul i64 %73, 256
	%75 = add i64 %74, %71
	%76 = icmp slt i64 %75, 16
	br i1 %76, label %if.9, label %if.join.10

if.9:
	%77 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %75
	%78 = load float, float addrspace(3)* %77, align 4
	%79 = add i64 %75, 16
	%80 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %79
	%81 = load float, float addrspace(3)* %80, align 4
	%82 = fadd float %78, %81
	%83 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %75
	store float %82, float addrspace(3)* %83, align 4
	br label %if.join.10

if.join.10:
	call void @llvm.nvvm.barrier0()
	%84 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%85 = zext i32 %84 to i64
	%86 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%87 = zext i32 %86 to i64
	%88 = mul i64 %87, 256
	%89 = add i64 %88, %85
	%90 = icmp slt i64 %89, 8
	br i1 %90, label %if.11, label %if.join.12

if.11:
	%91 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %89
	%92 = load float, float addrspace(3)* %91, align 4
	%93 = add i64 %89, 8
	%94 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %93
	%95 = load float, float addrspace(3)* %94, align 4
	%96 = fadd float %92, %95
	%97 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %89
	store float %96, float addrspace(3)* %97, align 4
	br label %if.join.12

if.join.12:
	call void @llvm.nvvm.barrier0()
	%98 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%99 = zext i32 %98 to i64
	%100 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%101 = zext i32 %100 to i64
	%102 = mul i64 %101, 256
	%103 = add i64 %102, %99
	%104 = icmp slt i64 %103, 4
	br i1 %104, label %if.13, label %if.join.14

if.13:
	%105 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %103
	%106 = load float, float addrspace(3)* %105, align 4
	%107 = add i64 %103, 4
	%108 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %107
	%109 = load float, float addrspace(3)* %108, align 4
	%110 = fadd float %106, %109
	%111 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %103
	store float %110, float addrspace(3)* %111, align 4
	br label %if.join.14

if.join.14:
	call void @llvm.nvvm.barrier0()
	%112 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%113 = zext i32 %112 to i64
	%114 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%115 = zext i32 %114 to i64
	%116 = mul i64 %115, 256
	%117 = add i64 %116, %113
	%118 = icmp slt i64 %117, 2
	br i1 %118, label %if.15, label %if.join.16

if.15:
	%119 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %117
	%120 = load float, float addrspace(3)* %119, align 4
	%121 = add i64 %117, 2
	%122 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %121
	%123 = load float, float addrspace(3)* %122, align 4
	%124 = fadd float %120, %123
	%125 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %117
	store float %124, float addrspace(3)* %125, align 4
	br label %if.join.16

if.join.16:
	call void @llvm.nvvm.barrier0()
	%126 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%127 = zext i32 %126 to i64
	%128 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%129 = zext i32 %128 to i64
	%130 = mul i64 %129, 256
	%131 = add i64 %130, %127
	%132 = icmp slt i64 %131, 1
	br i1 %132, label %if.17, label %if.join.18

if.17:
	%133 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %131
	%134 = load float, float addrspace(3)* %133, align 4
	%135 = add i64 %131, 1
	%136 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %135
	%137 = load float, float addrspace(3)* %136, align 4
	%138 = fadd float %134, %137
	%139 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 %131
	store float %138, float addrspace(3)* %139, align 4
	br label %if.join.18

if.join.18:
	call void @llvm.nvvm.barrier0()
	%140 = call i32 @llvm.nvvm.read.ptx.sreg.tid.x()
	%141 = zext i32 %140 to i64
	%142 = call i32 @llvm.nvvm.read.ptx.sreg.tid.y()
	%143 = zext i32 %142 to i64
	%144 = mul i64 %143, 256
	%145 = add i64 %144, %141
	%146 = getelementptr float, float addrspace(3)* getelementptr ([256 x float], [256 x float] addrspace(3)* @seqc_ptx_norm_rms_norm_true_false_sh1, i64 0, i64 0), i64 0
	%147 = load float, float addrspace(3)* %146, align 4
	%148 = fdiv float %147, %9
	%149 = trunc i64 %i1 to i32
	%150 = bitcast i32 %149 to float
	%151 = fadd float %148, %150
	%152 = call float @llvm.sqrt.f32(float %151)
	%153 = fdiv float 1.0, %152
	%154 = icmp slt i64 %145, %i0
	br i1 %154, label %loop.19, label %loop.exit.20

loop.19:
	%155 = phi i64 [ %145, %if.join.18 ], [ %166, %loop.19 ]
	%156 = add i64 %8, %155
	%157 = getelementptr float, float addrspace(1)* %p0, i64 %156
	%158 = load float, float addrspace(1)* %157, align 4
	%159 = fsub float %158, 0.0
	%160 = fmul float %159, %153
	%161 = getelementptr float, float addrspace(1)* %p2, i64 %155
	%162 = load float, float addrspace(1)* %161, align 4
	%163 = fmul float %160, %162
	%164 = add i64 %8, %155
	%165 = getelementptr float, float addrspace(1)* %p1, i64 %164
	store float %163, float addrspace(1)* %165, align 4
	%166 = add i64 %155, 256
	%167 = icmp slt i64 %166, %i0
	br i1 %167, label %loop.19, label %loop.exit.20

loop.exit.20:
	ret void
}

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.ctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.nctaid.y()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.x()

declare i32 @llvm.nvvm.read.ptx.sreg.tid.y()

declare float @llvm.fmuladd.f32(float %0, float %1, float %2)

declare void @llvm.nvvm.barrier0()

declare float @llvm.sqrt.f32(float %0)
